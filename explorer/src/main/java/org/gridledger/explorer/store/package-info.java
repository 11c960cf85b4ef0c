/**
 * Storage of the indexed grid: a JDBC database (SQLite by default, one file) whose schema is
 * created and upgraded by Flyway from {@code db/migration/V*.sql}, and small parameterised-SQL
 * helpers. All SQL is portable so that PostgreSQL can be added behind the same JDBC URL option.
 */
package org.gridledger.explorer.store;
