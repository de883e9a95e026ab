-- The application version that started a run (docs/runs.md, "Versions"): a suspended run resumed on a node that runs
-- another version is handed to an upgrade run instead of thawing its state on code that did not write it. Null for
-- runs started before versions were recorded; those count as another version.
alter table session_run add column app_version varchar(64);
