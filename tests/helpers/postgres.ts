// The test PostgreSQL and throwaway databases: shared with the bench, which lives in scripts/lib.
export { createThrowawayDatabase, POSTGRES_ADMIN_URL, postgresAvailable } from "../../scripts/lib/postgres.ts";
