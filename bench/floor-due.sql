-- The floor for `followup due`: the same due rows, the same columns that come
-- straight from the database (the suggested next touch included: storage
-- keeps it), in followup's ranking order, read through the same index
-- (prospects_due, which holds every column of it). bench/run substitutes :today.
-- Ranking (PRODUCT.md): booked first; then replied in the last 14 days; then
-- stage (proposal, engaged, lead); then value; then days overdue; then id.
SELECT p.id, p.name, p.company, p.next_on,
       CAST(julianday(:today) - julianday(p.next_on) AS INTEGER) AS days_overdue,
       p.next_reason, p.next_channel, p.next_purpose, p.top_priority
FROM prospects AS p
WHERE p.next_on <= :today AND p.outcome IS NULL
ORDER BY p.next_reason <> 'booked',
         coalesce(julianday(:today) - julianday(p.last_reply_on) > 14, 1),
         CASE p.stage WHEN 'proposal' THEN 0 WHEN 'engaged' THEN 1 ELSE 2 END,
         p.value DESC,
         p.next_on,
         p.id;
