import { expect } from 'chai';
import iconv from 'iconv-lite';
import { PeopleFileError, decodePeopleFile, parsePeopleFile } from '../../core/people/import-file.js';
import { parsePeopleRow } from '../../core/people/import-row.js';

const HEADER =
  'email,displayName,givenName,surname,jobTitle,department,officeLocation,businessPhone,mobilePhone,skills,managerEmail,aadObjectId,roles';

describe('core/people: reading a people file', () => {
  it('reads a comma-separated UTF-8 file', () => {
    const file = parsePeopleFile(
      Buffer.from(
        `${HEADER}\njelte.deboer@gemeente-ids.nl,Jelte de Boer,Jelte,de Boer,boomverzorger,Boomverzorging,Gemeentewerf,,06-41235678,boomveiligheid;klimmen,,,ambassador\n`,
      ),
    );
    expect(file).to.include({ encoding: 'utf-8', delimiter: ',' });
    expect(file.columns).to.have.length(13);
    expect(file.rows).to.have.length(1);
    expect(file.rows[0]!.line).to.equal(2);
    expect(file.rows[0]!.cells).to.include({
      email: 'jelte.deboer@gemeente-ids.nl',
      skills: 'boomveiligheid;klimmen',
      businessPhone: '',
    });
  });

  it('reads a semicolon-separated file whose list cells are quoted', () => {
    const text = `${HEADER.replaceAll(',', ';')}\r\nanne@x.nl;Anne;;;;;;;;"Wmo;BRP";;;"communicator;ambassador"\r\n`;
    const file = parsePeopleFile(Buffer.from(text));
    expect(file.delimiter).to.equal(';');
    expect(file.rows[0]!.cells).to.include({ skills: 'Wmo;BRP', roles: 'communicator;ambassador' });
  });

  it('matches header names case-insensitively in any order and warns about unknown ones', () => {
    const file = parsePeopleFile(Buffer.from('Kamer,EMAIL, DisplayName ,MobilePhone\n3.14,a@x.nl,A,06 12345678\n'));
    expect(file.columns).to.deep.equal(['email', 'displayName', 'mobilePhone']);
    expect(file.rows[0]!.cells).to.deep.equal({ email: 'a@x.nl', displayName: 'A', mobilePhone: '06 12345678' });
    expect(file.warnings).to.deep.equal([{ line: 1, message: 'column "Kamer" is not known and was ignored' }]);
  });

  it('refuses a file without an email column, or an empty one', () => {
    expect(() => parsePeopleFile(Buffer.from('displayName,mobilePhone\nA,06 12345678\n'))).to.throw(
      PeopleFileError,
      /no "email" column/,
    );
    expect(() => parsePeopleFile(Buffer.from(''))).to.throw(PeopleFileError, /empty/);
    expect(() => parsePeopleFile(Buffer.from('email,Email\n'))).to.throw(PeopleFileError, /twice/);
  });

  it('strips a UTF-8 BOM', () => {
    const file = parsePeopleFile(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email;displayName\nnoelle@x.nl;Noëlle Brinkman\n')]),
    );
    expect(file.encoding).to.equal('utf-8 with BOM');
    expect(file.columns).to.deep.equal(['email', 'displayName']);
    expect(file.rows[0]!.cells.displayName).to.equal('Noëlle Brinkman');
  });

  it('decodes Windows-1252 when the bytes are not UTF-8', () => {
    const bytes = iconv.encode(
      'email;displayName;department\njeroen@x.nl;Jeroen Brüns;Financiën\nnoelle@x.nl;Noëlle Hoekstra;Café\n',
      'win1252',
    );
    expect(decodePeopleFile(bytes).encoding).to.equal('windows-1252');
    const file = parsePeopleFile(bytes);
    expect(file.rows.map((r) => r.cells.displayName)).to.deep.equal(['Jeroen Brüns', 'Noëlle Hoekstra']);
    expect(file.rows[0]!.cells.department).to.equal('Financiën');
  });

  it('counts physical lines, with quoted multi-line cells, blank lines and CRLF', () => {
    const lines = [
      'email,displayName,skills', // 1
      'a@x.nl,"Anne', // 2
      'de Jong",Excel', // 3
      '', // 4
      'b@x.nl,B,"one', // 5
      '', // 6
      'two"', // 7
      ',,', // 8 (Excel's empty row)
      'c@x.nl,C,', // 9
    ];
    for (const eol of ['\n', '\r\n', '\r']) {
      const file = parsePeopleFile(Buffer.from(lines.join(eol) + eol));
      expect(
        file.rows.map((r) => [r.line, r.cells.email]),
        JSON.stringify(eol),
      ).to.deep.equal([
        [2, 'a@x.nl'],
        [5, 'b@x.nl'],
        [9, 'c@x.nl'],
      ]);
      // And without a final line break.
      expect(parsePeopleFile(Buffer.from(lines.join(eol))).rows.at(-1)!.line).to.equal(9);
    }
  });

  it('honours an Excel "sep=" line', () => {
    const file = parsePeopleFile(Buffer.from('sep=;\nemail;displayName\na@x.nl;A, de\n'));
    expect(file.delimiter).to.equal(';');
    expect(file.rows[0]).to.deep.equal({ line: 3, cells: { email: 'a@x.nl', displayName: 'A, de' } });
  });

  it('marks a row with more cells than the header', () => {
    const file = parsePeopleFile(Buffer.from('email,department\na@x.nl,Financiën, Belastingen\nb@x.nl,P&O,,\n'));
    expect(file.rows[0]!.problem).to.match(/3 cells but the header has 2/);
    expect(file.rows[1]!.problem).to.equal(undefined);
  });

  it('reports an unclosed quote as a fatal error', () => {
    expect(() => parsePeopleFile(Buffer.from('email,displayName\na@x.nl,"Anne\nb@x.nl,B\n'))).to.throw(
      PeopleFileError,
      /not valid CSV: a quote \("\) opened on line 2 is never closed/,
    );
  });
});

describe('core/people: validating a row', () => {
  it('normalizes what it can', () => {
    const r = parsePeopleRow({
      email: ' Jelte.DeBoer@Gemeente-Ids.nl ',
      displayName: ' Jelte  de Boer ',
      mobilePhone: '+31 (0)6 41 23 56 78',
      businessPhone: '4812',
      skills: 'snoeien; klimmen;;Snoeien',
      roles: 'Ambassador;communicator',
      aadObjectId: '{6F9619FF-8B86-D011-B42D-00C04FC964FF}',
      department: '',
    });
    expect(r).to.deep.equal({
      ok: true,
      row: {
        email: 'jelte.deboer@gemeente-ids.nl',
        displayName: 'Jelte de Boer',
        mobilePhone: { display: '+31 (0)6 41 23 56 78', e164: '+31641235678' },
        businessPhone: { display: '4812' },
        skills: ['snoeien', 'klimmen'],
        roles: ['communicator', 'ambassador'],
        aadObjectId: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
      },
    });
  });

  it('rejects with every reason', () => {
    expect(parsePeopleRow({ email: '' })).to.deep.equal({ ok: false, reason: 'email is empty' });
    expect(parsePeopleRow({ email: 'jelte@' })).to.deep.equal({
      ok: false,
      reason: 'email "jelte@" is not a valid email address',
    });
    const r = parsePeopleRow({
      email: 'a@x.nl',
      mobilePhone: '06-123',
      roles: 'communicator;boss',
      aadObjectId: '1234',
      managerEmail: 'nope',
    });
    expect(r.ok).to.equal(false);
    const reason = (r as { reason: string }).reason;
    expect(reason).to.include('mobilePhone "06-123" is not a valid phone number');
    expect(reason).to.include('unknown role "boss"');
    expect(reason).to.include('aadObjectId "1234" is not a GUID');
    expect(reason).to.include('managerEmail "nope" is not a valid email address');
    expect(parsePeopleRow({ email: 'a@x.nl', mobilePhone: '1234' }).ok).to.equal(false);
  });
});
