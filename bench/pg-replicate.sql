-- bench/pg-team: copies one rep's pipeline to reps 2..:reps, in SQL.
-- Run by the superuser on a database that holds exactly one owner's
-- prospects (written by followup itself, so its standings are real), as
--   psql -v reps=100 -f bench/pg-replicate.sql
-- Rep k (rep002 ... rep100) gets the same prospects, touches, tags, tallies
-- and calendar events, its ids shifted by (k - 1) × the largest id, its
-- prospects' names suffixed with " (k)" (so a unique identity index holds
-- whether or not it includes the owner), every owner or logged_by column set
-- to its name. Reps' rows are interleaved by id, as prospects added by a team
-- over time are. Secondary indexes are dropped and made again afterwards and
-- foreign keys are not checked row by row (session_replication_role): the
-- copies are of rows that passed them.
\set ON_ERROR_STOP 1
SET bench.reps = :'reps';
SET maintenance_work_mem = '512MB';
SET session_replication_role = replica;
DO $$
DECLARE
    reps int := current_setting('bench.reps')::int;
    owners int;
    span bigint;
    touch_span bigint;
    tbl text;
    cols text;
    picks text;
    col record;
    idx record;
    defs text[] := '{}';
    def text;
BEGIN
    SELECT count(DISTINCT owner) INTO owners FROM prospects;
    IF owners <> 1 THEN
        RAISE EXCEPTION 'expected the prospects of one owner, found % owners', owners;
    END IF;
    SELECT max(id) INTO span FROM prospects;
    SELECT coalesce(max(id), 0) INTO touch_span FROM touches;
    FOR idx IN
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public'
          AND i.tablename IN ('prospects', 'touches', 'tags', 'touch_tally', 'calendar_events',
                              'mail_ignored')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    LOOP
        defs := defs || idx.indexdef;
        EXECUTE format('DROP INDEX %I', idx.indexname);
    END LOOP;
    FOREACH tbl IN ARRAY ARRAY['prospects', 'touches', 'tags', 'touch_tally', 'calendar_events',
                               'mail_ignored']
    LOOP
        cols := '';
        picks := '';
        FOR col IN
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = tbl AND is_generated = 'NEVER'
            ORDER BY ordinal_position
        LOOP
            cols := cols || CASE WHEN cols = '' THEN '' ELSE ', ' END || quote_ident(col.column_name);
            picks := picks || CASE WHEN picks = '' THEN '' ELSE ', ' END || CASE
                WHEN col.column_name IN ('owner', 'logged_by') THEN
                    format('format(''rep%%s'', lpad(k::text, 3, ''0''))')
                WHEN tbl = 'prospects' AND col.column_name = 'id' THEN format('id + (k - 1) * %s', span)
                WHEN tbl = 'prospects' AND col.column_name = 'name' THEN 'name || format('' (%s)'', k)'
                WHEN tbl = 'touches' AND col.column_name = 'id' THEN format('id + (k - 1) * %s', touch_span)
                WHEN col.column_name = 'prospect_id' THEN format('prospect_id + (k - 1) * %s', span)
                WHEN tbl = 'calendar_events' AND col.column_name = 'uid' THEN 'uid || ''-'' || k'
                ELSE quote_ident(col.column_name)
            END;
        END LOOP;
        EXECUTE format('INSERT INTO %I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I '
                       'CROSS JOIN generate_series(2, %s) AS k',
                       tbl, cols, picks, tbl, reps);
    END LOOP;
    PERFORM setval(pg_get_serial_sequence('prospects', 'id'), (SELECT max(id) FROM prospects));
    PERFORM setval(pg_get_serial_sequence('touches', 'id'), (SELECT max(id) FROM touches));
    FOREACH def IN ARRAY defs
    LOOP
        EXECUTE def;
    END LOOP;
END
$$;
RESET session_replication_role;
VACUUM (ANALYZE);
