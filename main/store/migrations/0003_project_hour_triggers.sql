-- Keeps project_hour_totals equal to SUM(ended_at - started_at) of live, stopped entries,
-- grouped by project and UTC hour of the start. Written by hand (drizzle-kit has no triggers).
CREATE TRIGGER `time_entries_hours_insert` AFTER INSERT ON `time_entries`
WHEN NEW.`ended_at` IS NOT NULL AND NEW.`deleted_at` IS NULL
BEGIN
  INSERT INTO `project_hour_totals` (`hour`, `project_id`, `ms`, `billable_ms`)
  VALUES (NEW.`started_at` / 3600000, NEW.`project_id`, NEW.`ended_at` - NEW.`started_at`,
          CASE WHEN NEW.`billable` THEN NEW.`ended_at` - NEW.`started_at` ELSE 0 END)
  ON CONFLICT (`hour`, `project_id`) DO UPDATE SET `ms` = `ms` + excluded.`ms`, `billable_ms` = `billable_ms` + excluded.`billable_ms`;
END;
--> statement-breakpoint
CREATE TRIGGER `time_entries_hours_delete` AFTER DELETE ON `time_entries`
WHEN OLD.`ended_at` IS NOT NULL AND OLD.`deleted_at` IS NULL
BEGIN
  UPDATE `project_hour_totals`
  SET `ms` = `ms` - (OLD.`ended_at` - OLD.`started_at`),
      `billable_ms` = `billable_ms` - (CASE WHEN OLD.`billable` THEN OLD.`ended_at` - OLD.`started_at` ELSE 0 END)
  WHERE `hour` = OLD.`started_at` / 3600000 AND `project_id` = OLD.`project_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `time_entries_hours_update_old` AFTER UPDATE ON `time_entries`
WHEN OLD.`ended_at` IS NOT NULL AND OLD.`deleted_at` IS NULL
BEGIN
  UPDATE `project_hour_totals`
  SET `ms` = `ms` - (OLD.`ended_at` - OLD.`started_at`),
      `billable_ms` = `billable_ms` - (CASE WHEN OLD.`billable` THEN OLD.`ended_at` - OLD.`started_at` ELSE 0 END)
  WHERE `hour` = OLD.`started_at` / 3600000 AND `project_id` = OLD.`project_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `time_entries_hours_update_new` AFTER UPDATE ON `time_entries`
WHEN NEW.`ended_at` IS NOT NULL AND NEW.`deleted_at` IS NULL
BEGIN
  INSERT INTO `project_hour_totals` (`hour`, `project_id`, `ms`, `billable_ms`)
  VALUES (NEW.`started_at` / 3600000, NEW.`project_id`, NEW.`ended_at` - NEW.`started_at`,
          CASE WHEN NEW.`billable` THEN NEW.`ended_at` - NEW.`started_at` ELSE 0 END)
  ON CONFLICT (`hour`, `project_id`) DO UPDATE SET `ms` = `ms` + excluded.`ms`, `billable_ms` = `billable_ms` + excluded.`billable_ms`;
END;
--> statement-breakpoint
-- Databases upgraded from an earlier release get their totals from the rows they already have.
INSERT INTO `project_hour_totals` (`hour`, `project_id`, `ms`, `billable_ms`)
SELECT `started_at` / 3600000, `project_id`, SUM(`ended_at` - `started_at`),
       SUM(CASE WHEN `billable` THEN `ended_at` - `started_at` ELSE 0 END)
FROM `time_entries` WHERE `ended_at` IS NOT NULL AND `deleted_at` IS NULL
GROUP BY 1, 2;
