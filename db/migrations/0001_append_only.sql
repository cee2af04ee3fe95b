-- The participation ledger and the audit log are append-only on every engine: UPDATE, DELETE and
-- TRUNCATE are refused by triggers, whatever role the application connects with.
CREATE OR REPLACE FUNCTION kapok_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'kapok: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER participation_events_append_only BEFORE UPDATE OR DELETE ON participation_events
  FOR EACH ROW EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER participation_events_no_truncate BEFORE TRUNCATE ON participation_events
  FOR EACH STATEMENT EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION kapok_refuse_change();
