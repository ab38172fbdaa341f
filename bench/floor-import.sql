-- A second floor for `followup import`: the sqlite3 shell reading the same
-- CSV and writing the same prospects (their next action included), touches,
-- tags and touch tallies into followup's own schema (the same indexes,
-- constraints and page cache), in one transaction, with none of followup's
-- checks, duplicate detection or assessment. bench/run substitutes :csv and
-- :today, and runs it on an empty followup database.
PRAGMA cache_size = -65536;
BEGIN;
.import --csv :csv crm
INSERT INTO prospects (id, name, company, email, phone, stage, value, top_priority, created_on,
                       next_on, next_reason, next_channel, next_purpose)
SELECT rowid, trim("First Name" || ' ' || "Last Name"), "Company Name", "Email", "Phone Number",
       CASE "Lifecycle Stage" WHEN 'SQL' THEN 'engaged' WHEN 'opportunity' THEN 'proposal'
                              ELSE 'lead' END,
       CAST("Amount" AS INTEGER), "Top Priority", :today, :today, 'first_touch', 'email', 'value'
FROM crm;
INSERT INTO tags (prospect_id, tag) SELECT rowid, "Tags" FROM crm WHERE "Tags" <> '';
INSERT INTO touches (prospect_id, on_date, direction, channel, note)
SELECT rowid, substr("Last Contacted", 1, 10), 'out', 'email', 'imported' FROM crm
WHERE "Last Contacted" <> '';
INSERT INTO touch_tally
SELECT on_date, direction, channel, '', 0, count(*), 0, 0 FROM touches
GROUP BY on_date, direction, channel;
DROP TABLE crm;
COMMIT;
