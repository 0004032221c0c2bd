import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/**
 * Reading a people file as HR exports it: comma- or semicolon-delimited (Dutch Excel
 * writes ";"), UTF-8 with or without BOM, or Windows-1252 (older Excel "CSV"). Every row
 * keeps the physical line it starts on, so an operator can find it in the file.
 */

export const PEOPLE_COLUMNS = [
  'email',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'officeLocation',
  'businessPhone',
  'mobilePhone',
  'mobileVisibility',
  'skills',
  'managerEmail',
  'aadObjectId',
  'roles',
] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];

export type FileEncoding = 'utf-8' | 'utf-8 with BOM' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type Delimiter = ',' | ';' | '\t';

export interface PeopleFileRow {
  /** Physical line the row starts on (the header is line 1). */
  line: number;
  /** The cells under known columns, as written (not trimmed). */
  cells: Partial<Record<PeopleColumn, string>>;
  /** Set when the row cannot be read as a person (e.g. more cells than the header). */
  problem?: string;
}

export interface FileWarning {
  line?: number;
  message: string;
}

export interface PeopleFile {
  encoding: FileEncoding;
  delimiter: Delimiter;
  columns: PeopleColumn[];
  rows: PeopleFileRow[];
  warnings: FileWarning[];
}

/** The file as a whole cannot be imported (nothing was written). */
export class PeopleFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'PeopleFileError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes to text: a BOM decides; otherwise UTF-8 if the bytes are valid UTF-8, else Windows-1252. */
export function decodePeopleFile(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: iconv.decode(b.subarray(3), 'utf-8'), encoding: 'utf-8 with BOM' };
  }
  if (b[0] === 0xff && b[1] === 0xfe) return { text: iconv.decode(b.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: iconv.decode(b.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: utf8.decode(b), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: what Excel on Windows writes for "CSV (comma delimited)".
    return { text: iconv.decode(b, 'win1252'), encoding: 'windows-1252' };
  }
}

/** The delimiter used most outside quotes in the header line. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0]!;
  return counts[best] > 0 ? best : ',';
}

/** The line on which a quoted cell starts that runs to the end of the file, if any. */
function unclosedQuoteLine(text: string, delimiter: Delimiter): number | undefined {
  let line = 1;
  let openedOn: number | undefined;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (openedOn !== undefined) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else openedOn = undefined;
      } else if (ch === '\n') line++;
      continue;
    }
    if (ch === '"' && atCellStart) openedOn = line;
    if (ch === '\n') line++;
    atCellStart = ch === delimiter || ch === '\n';
  }
  return openedOn;
}

const columnByLowerName = new Map(PEOPLE_COLUMNS.map((c) => [c.toLowerCase(), c]));

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Parses a people file (bytes as read from disk, or text). Throws PeopleFileError when it cannot be imported at all. */
export function parsePeopleFile(input: Uint8Array | string): PeopleFile {
  const decoded =
    typeof input === 'string'
      ? { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' as const }
      : decodePeopleFile(input);
  // One kind of line break: csv-parse miscounts lines when "\r\n" sits inside a quoted cell.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.trim() === '')
    throw new PeopleFileError('The file is empty: it needs a header line with at least an "email" column.');

  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  // Excel honours (and sometimes writes) a first line "sep=;" naming the delimiter.
  const sepLine = /^sep=(.)\s*$/i.exec(firstLine);
  const headerLine = sepLine ? text.slice(firstLine.length + 1).split('\n', 1)[0]! : firstLine;
  const delimiter: Delimiter =
    sepLine && [',', ';', '\t'].includes(sepLine[1]!) ? (sepLine[1] as Delimiter) : detectDelimiter(headerLine);

  let records: CsvRecord[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const opened = unclosedQuoteLine(text, delimiter);
    if (opened !== undefined) {
      throw new PeopleFileError(
        `The file is not valid CSV: a quote (") opened on line ${opened} is never closed. ` +
          'Close it, or write a quote inside a value as two quotes ("").',
        opened,
      );
    }
    const e = err as { message?: string; lines?: number };
    throw new PeopleFileError(
      `The file is not valid CSV${e.lines ? ` (near line ${e.lines})` : ''}: ${e.message ?? String(err)}`,
      e.lines,
    );
  }
  if (sepLine) records = records.slice(1);

  const startLine = (r: CsvRecord) => {
    const raw = r.raw.replace(/^\n+/, '');
    let breaks = 0;
    for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) === 10) breaks++;
    return r.info.lines - breaks + (raw.endsWith('\n') ? 1 : 0);
  };

  const header = records[0];
  if (!header || isBlank(header.record)) throw new PeopleFileError('The file has no header line.');
  const headerLineNo = startLine(header);
  const warnings: FileWarning[] = [];
  const columnAt: Array<PeopleColumn | undefined> = [];
  const seen = new Set<PeopleColumn>();
  header.record.forEach((name, i) => {
    const trimmed = name.replace(/^\uFEFF/, '').trim();
    const column = columnByLowerName.get(trimmed.toLowerCase());
    if (column) {
      if (seen.has(column))
        throw new PeopleFileError(
          `Column "${column}" appears twice in the header (line ${headerLineNo}).`,
          headerLineNo,
        );
      seen.add(column);
    } else if (trimmed !== '') {
      warnings.push({ line: headerLineNo, message: `column "${trimmed}" is not known and was ignored` });
    }
    columnAt[i] = column;
  });
  if (!seen.has('email')) {
    throw new PeopleFileError(
      `The header (line ${headerLineNo}) has no "email" column. Expected columns: ${PEOPLE_COLUMNS.join(delimiter === '\t' ? ', ' : delimiter)}.`,
      headerLineNo,
    );
  }

  const rows: PeopleFileRow[] = [];
  for (const r of records.slice(1)) {
    if (isBlank(r.record)) continue; // empty lines and Excel's ";;;;" rows
    const row: PeopleFileRow = { line: startLine(r), cells: {} };
    r.record.forEach((value, i) => {
      const column = columnAt[i];
      if (column) row.cells[column] = value;
    });
    const extra = r.record.slice(header.record.length);
    if (!isBlank(extra)) {
      row.problem =
        `the row has ${r.record.length} cells but the header has ${header.record.length}` +
        ` (a value containing "${delimiter === '\t' ? 'tab' : delimiter}" must be put between double quotes)`;
    }
    rows.push(row);
  }
  return { encoding: decoded.encoding, delimiter, columns: [...seen], rows, warnings };
}
