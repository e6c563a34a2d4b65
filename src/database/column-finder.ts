import { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

interface Prepared<T> {
  sql: string;
  hydrate(row: Record<string, unknown>): T;
}

/**
 * The rows of one entity whose `property` is any of some values, read without TypeORM's query
 * builder. The statement is written once from the entity's metadata, and each row is hydrated as
 * TypeORM's own finders do it (the driver's conversion of each value, set on an entity made from
 * the metadata). `findBy` builds, aliases and escapes the whole statement again on every call,
 * which was most of the CPU a one-topic GraphQL query spent outside GraphQL itself. For entities
 * without relations only: their columns are the whole row.
 */
export function columnFinder<T extends ObjectLiteral>(
  target: EntityTarget<T>,
  property: keyof T & string,
): (em: EntityManager, values: readonly unknown[]) => Promise<T[]> {
  const prepared = new WeakMap<DataSource, Prepared<T>>();
  return async (em, values) => {
    if (values.length === 0) return [];
    let statement = prepared.get(em.connection);
    if (!statement) {
      statement = prepare<T>(em.connection, em.connection.getMetadata(target), property);
      prepared.set(em.connection, statement);
    }
    const rows: Array<Record<string, unknown>> = await em.query(statement.sql, [values]);
    return rows.map(statement.hydrate);
  };
}

function prepare<T>(dataSource: DataSource, metadata: EntityMetadata, property: string): Prepared<T> {
  if (metadata.relations.length > 0) throw new Error(`columnFinder: ${metadata.name} has relations`);
  const key = metadata.findColumnWithPropertyPath(property);
  if (!key) throw new Error(`columnFinder: ${metadata.name} has no column '${property}'`);
  const driver = dataSource.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  const keyType = driver.normalizeType(key);
  const sql =
    `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(metadata.tableName)} ` +
    `WHERE ${driver.escape(key.databaseName)} = ANY($1::${keyType}[])`;
  return {
    sql,
    hydrate(row) {
      const entity = metadata.create(undefined, { fromDeserializer: true }) as T & ObjectLiteral;
      for (const column of columns) {
        const value = row[column.databaseName];
        if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      return entity;
    },
  };
}
