-- Creates DIGIT's database; run by psql (PostgreSQL image's /docker-entrypoint-initdb.d, or
-- `psql -U postgres -f infra/postgres/init.sql` on a local server). Safe to run again: \gexec
-- creates the database only where it is missing. Each service then creates its own schema and
-- tables through its migrations (ARCHITECTURE.md: each service owns its tables).
SELECT 'CREATE DATABASE digit'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'digit')\gexec
