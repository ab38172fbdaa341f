-- The floor for `followup due` on PostgreSQL (bench/pg-team): what a rep gets
-- from psql with one query over the same socket: its own due rows, with the
-- columns that come straight from the database, in followup's ranking order
-- (as bench/floor-due.sql on SQLite). psql -v today=YYYY-MM-DD.
-- Ranking (PRODUCT.md): booked first; then replied in the last 14 days; then
-- stage (proposal, engaged, lead); then value; then days overdue; then id.
SELECT p.id, p.name, p.company, p.next_on,
       DATE :'today' - CAST(p.next_on AS DATE) AS days_overdue,
       p.next_reason, p.next_channel, p.next_purpose, p.top_priority
FROM prospects AS p
WHERE p.owner = current_user AND p.next_on <= :'today' AND p.outcome IS NULL
ORDER BY p.next_reason <> 'booked',
         coalesce(DATE :'today' - CAST(p.last_reply_on AS DATE) > 14, TRUE),
         CASE p.stage WHEN 'proposal' THEN 0 WHEN 'engaged' THEN 1 ELSE 2 END,
         p.value DESC,
         p.next_on,
         p.id;
