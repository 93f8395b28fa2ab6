import type { DataSource } from "typeorm";

type Escape = (sql: string, parameters: Record<string, unknown>, nativeParameters: Record<string, unknown>) => [string, unknown[]];

/**
 * TypeORM's SQLite drivers write every named parameter that is a number straight into the SQL text (`WHERE "id" = 42`),
 * so each id makes a new statement that better-sqlite3 must prepare again: most of the statements of a desk
 * transaction were new texts (PLATFORM-NOTES, "Facts measured on guichet itself"). Here whole numbers are handed to
 * the driver as BigInts, which it binds as parameters and SQLite reads as the INTEGER the literal was: comparisons
 * with text columns keep their meaning (an INTEGER compares as "42", where a bound JavaScript number would be the
 * REAL 42.0, "42.0"). Other values are left to TypeORM.
 */
export function bindWholeNumbersAsParameters(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, nativeParameters) => {
    if (!parameters) return escape(sql, parameters, nativeParameters);
    const bound: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parameters)) {
      bound[key] = typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : value;
    }
    return escape(sql, bound, nativeParameters);
  };
}
