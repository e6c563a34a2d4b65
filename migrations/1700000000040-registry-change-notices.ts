import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every statement that changes subject versions announces it on the channel `charter_registry`,
 * delivered to every listening replica when (and only if) its transaction commits, so that the
 * replicas' caches of subject-version reads hear of every writer: the app, the CLI, a restore, a
 * hand-written fix. PostgreSQL folds identical notifications of one transaction into one.
 */
export class RegistryChangeNotices1700000000040 implements MigrationInterface {
  name = 'RegistryChangeNotices1700000000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION registry_subject_version_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('charter_registry', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER registry_subject_version_notify
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registry_subject_version
        FOR EACH STATEMENT EXECUTE FUNCTION registry_subject_version_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER registry_subject_version_notify ON registry_subject_version');
    await q.query('DROP FUNCTION registry_subject_version_changed()');
  }
}
