/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, a quote or a line break is quoted, its quotes
 * doubled), made safe for spreadsheets: a text cell starting with =, +, -, @, a tab or a carriage return would be
 * run as a formula by Excel or LibreOffice (OWASP "CSV injection"), so it is prefixed with a single quote.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // Our own numbers are never formulas; a negative one keeps its sign.
  let text = typeof value === "number" ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
