export const id = 274;
export const ids = [274,562];
export const modules = {

/***/ 6274:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyResults: () => (/* binding */ applyResults)
});

// UNUSED EXPORTS: ApplyError, REASON_COLUMN, formatOf

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/apply/errors.ts
// The one error type of `apply`: bad input (a file, a line, what is wrong and how to fix it).
class ApplyError extends Error {
    /** The file the problem is in, when there is one. */
    file;
    /** 1-based line number in that file, when there is one. */
    line;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'ApplyError';
        if (options.file !== undefined)
            this.file = options.file;
        if (options.line !== undefined)
            this.line = options.line;
    }
}
const EXCERPT = 40;
/** A short, quoted excerpt of some text for an error message. */
function excerpt(text) {
    return JSON.stringify(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);
}
/** A short, quoted excerpt of some bytes (decoded as UTF-8) for an error message. */
function excerptBytes(buf, start, end) {
    const cut = Math.min(end, start + EXCERPT * 4);
    return excerpt(Buffer.from(buf.buffer, buf.byteOffset + start, cut - start).toString('utf8'));
}
/** The message of an fs error, which may come from another realm (jest vm), so no instanceof. */
function systemMessage(e) {
    const m = e?.message;
    return typeof m === 'string' ? m : String(e);
}

;// CONCATENATED MODULE: ./src/apply/chunks.ts
// Reads a file in large chunks and hands complete lines to a synchronous consumer; the incomplete
// tail of a chunk moves to the front of the buffer, which grows only for a line longer than itself.


const READ_SIZE = 4 << 20;
const BOM0 = 0xef;
const BOM1 = 0xbb;
const BOM2 = 0xbf;
async function readChunks(consumer, opts) {
    let fh;
    try {
        fh = await (0,promises_.open)(opts.file, 'r');
    }
    catch (e) {
        throw new ApplyError(`${opts.label} cannot be read: ${systemMessage(e)}`, { file: opts.file, cause: e });
    }
    try {
        let buf = Buffer.allocUnsafe(opts.readSize ?? READ_SIZE);
        let have = 0;
        let first = true;
        for (let eof = false; !eof;) {
            opts.signal?.throwIfAborted();
            if (have === buf.length) {
                const bigger = Buffer.allocUnsafe(buf.length * 2);
                buf.copy(bigger, 0, 0, have);
                buf = bigger;
            }
            let n;
            try {
                n = (await fh.read(buf, have, buf.length - have, null)).bytesRead;
            }
            catch (e) {
                throw new ApplyError(`${opts.label} cannot be read: ${systemMessage(e)}`, {
                    file: opts.file,
                    cause: e
                });
            }
            eof = n === 0;
            have += n;
            let start = 0;
            if (first) {
                if (have < 3 && !eof)
                    continue;
                first = false;
                if (have >= 3 && buf[0] === BOM0 && buf[1] === BOM1 && buf[2] === BOM2) {
                    start = 3;
                    opts.onBom?.();
                }
            }
            const used = consumer.consume(buf, start, have, eof);
            if (used < have)
                buf.copy(buf, 0, used, have);
            have -= used;
            if (opts.afterChunk !== undefined)
                await opts.afterChunk();
        }
    }
    finally {
        await fh.close().catch(() => undefined);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/csv-parse/lib/index.js + 8 modules
var lib = __webpack_require__(5377);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/compliance/model.ts
var model = __webpack_require__(9562);
;// CONCATENATED MODULE: ./src/apply/id.ts
// IDs as unsigned 64-bit integers read straight from their digits (never through a JS number or
// JSON.parse, which lose precision above 2^53), and the sorted set of results IDs.



const ID_OK = 0;
/** Nothing but spaces or tabs (or nothing at all). */
const ID_EMPTY = 1;
/** Anything else: a non-digit, a sign, an inner space, more than 19 digits. */
const ID_BAD = 2;
const TWO32 = 4294967296;
const POW10 = [1, 10, 100, 1000, 10000];
/** Combines the first (up to 15) digits' value and the rest's value into key.hi/lo. */
// Hot paths use `| 0` on values known to be below 2^31 rather than Math.floor: same result, and no
// global lookup (slow under jest's vm contexts).
function combine(head, tail, digits, key) {
    let hi = (head / TWO32) | 0; // head < 10^15, so hi < 2^18
    let lo = head - hi * TWO32;
    if (digits > 15) {
        // lo * 10^4 + tail < 2^32 * 10^4 + 10^4: exact in a double.
        const m = POW10[digits - 15];
        const x = lo * m + tail;
        const carry = (x / TWO32) | 0; // < 10^4
        lo = x - carry * TWO32;
        hi = hi * m + carry;
    }
    key.hi = hi;
    key.lo = lo;
}
/**
 * Parses buf[start, end) as an ID: 1 to 19 ASCII digits, optionally surrounded by spaces and tabs.
 * Leading zeros are allowed and insignificant (the ID is compared as an integer).
 */
function parseIdBytes(buf, start, end, key) {
    let i = start;
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x09))
        i++;
    let e = end;
    while (e > i && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09))
        e--;
    const n = e - i;
    if (n === 0)
        return ID_EMPTY;
    if (n > model/* MAX_ID_DIGITS */.g4)
        return ID_BAD;
    const split = n > 15 ? e - (n - 15) : e;
    let head = 0;
    for (; i < split; i++) {
        const d = buf[i] - 0x30;
        if (d < 0 || d > 9)
            return ID_BAD;
        head = head * 10 + d;
    }
    let tail = 0;
    for (; i < e; i++) {
        const d = buf[i] - 0x30;
        if (d < 0 || d > 9)
            return ID_BAD;
        tail = tail * 10 + d;
    }
    combine(head, tail, n, key);
    return ID_OK;
}
/** parseIdBytes for a string (a CSV field or a decoded JSON string). */
function parseIdString(s, key) {
    let i = 0;
    let e = s.length;
    while (i < e && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09))
        i++;
    while (e > i && (s.charCodeAt(e - 1) === 0x20 || s.charCodeAt(e - 1) === 0x09))
        e--;
    const n = e - i;
    if (n === 0)
        return ID_EMPTY;
    if (n > model/* MAX_ID_DIGITS */.g4)
        return ID_BAD;
    const split = n > 15 ? e - (n - 15) : e;
    let head = 0;
    for (; i < split; i++) {
        const d = s.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9)
            return ID_BAD;
        head = head * 10 + d;
    }
    let tail = 0;
    for (; i < e; i++) {
        const d = s.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9)
            return ID_BAD;
        tail = tail * 10 + d;
    }
    combine(head, tail, n, key);
    return ID_OK;
}
// Where each half of a 64-bit element sits in a Uint32Array view of the same memory.
const LE = (0,external_node_os_.endianness)() === 'LE';
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;
/** Appends IDs with a reason index each, in file order; then `build()` sorts them into an IdSet. */
class IdSetBuilder {
    words = new Uint32Array(2 * 1024);
    reasons = new Uint16Array(1024);
    n = 0;
    get count() {
        return this.n;
    }
    add(hi, lo, reason) {
        if (this.n === this.reasons.length) {
            const words = new Uint32Array(this.words.length * 2);
            words.set(this.words);
            this.words = words;
            const reasons = new Uint16Array(this.reasons.length * 2);
            reasons.set(this.reasons);
            this.reasons = reasons;
        }
        this.words[2 * this.n + HI] = hi;
        this.words[2 * this.n + LO] = lo;
        this.reasons[this.n] = reason;
        this.n++;
    }
    /** Sorts and removes duplicates; a duplicated ID keeps the reason of its first line. */
    build() {
        const n = this.n;
        const keys = new BigUint64Array(n);
        keys.set(new BigUint64Array(this.words.buffer, 0, n));
        keys.sort();
        const w = new Uint32Array(keys.buffer);
        // Remove duplicates in place.
        let u = 0;
        for (let i = 0; i < n; i++) {
            if (u > 0 && w[2 * i + HI] === w[2 * (u - 1) + HI] && w[2 * i + LO] === w[2 * (u - 1) + LO])
                continue;
            if (u !== i) {
                w[2 * u] = w[2 * i];
                w[2 * u + 1] = w[2 * i + 1];
            }
            u++;
        }
        const set = new IdSet(u === n ? keys : keys.slice(0, u));
        // Reasons, first line wins: look each line's ID up, in file order.
        const reasons = set.reasons;
        reasons.fill(NO_REASON);
        const words = this.words;
        const src = this.reasons;
        for (let i = 0; i < n; i++) {
            const at = set.indexOf(words[2 * i + HI], words[2 * i + LO]);
            if (reasons[at] === NO_REASON)
                reasons[at] = src[i];
        }
        this.words = new Uint32Array(0);
        this.reasons = new Uint16Array(0);
        this.n = 0;
        return set;
    }
}
const NO_REASON = 0xffff;
/** Reason indexes run from 0 to MAX_REASONS - 1. */
const MAX_REASONS = NO_REASON;
/**
 * A sorted BigUint64Array of distinct IDs, searched through a Uint32Array view (no BigInt per lookup).
 * A bucket index narrows each binary search to a slice: bucket = ⌊(x - min) · B / (max - min)⌋ over
 * the IDs' approximate values x (doubles), which is monotonic in the ID, so each bucket is one slice
 * of the sorted keys (X's IDs grow with time, so they spread over the buckets; a lopsided set only
 * makes the slices longer, never a search wrong).
 */
class IdSet {
    keys;
    /** Reason index of each key (parallel to keys). */
    reasons;
    /** 1 once a dataset row matched the key. */
    matched;
    size;
    w;
    /** buckets[b] = the first key index in bucket b; buckets[B] = size. */
    buckets;
    min;
    max;
    scale;
    lastBucket;
    constructor(keys) {
        this.keys = keys;
        const n = keys.length;
        this.size = n;
        const w = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
        this.w = w;
        this.reasons = new Uint16Array(n);
        this.matched = new Uint8Array(n);
        const nb = Math.max(1, n);
        this.buckets = new Uint32Array(nb + 1);
        this.lastBucket = nb - 1;
        this.min = n > 0 ? w[HI] * TWO32 + w[LO] : 0;
        this.max = n > 0 ? w[2 * (n - 1) + HI] * TWO32 + w[2 * (n - 1) + LO] : 0;
        this.scale = this.max > this.min ? nb / (this.max - this.min) : 0;
        let b = 0;
        for (let i = 0; i < n; i++) {
            const bi = this.bucketOf(w[2 * i + HI] * TWO32 + w[2 * i + LO]);
            while (b <= bi)
                this.buckets[b++] = i;
        }
        while (b <= nb)
            this.buckets[b++] = n;
    }
    /** x >= min; buckets number at most the keys, far below 2^31. */
    bucketOf(x) {
        const f = (x - this.min) * this.scale;
        return f >= this.lastBucket ? this.lastBucket : f | 0;
    }
    /** The index of the ID, or -1. */
    indexOf(hi, lo) {
        const x = hi * TWO32 + lo;
        // Strictly outside [min, max] as doubles means outside as integers (rounding is monotonic).
        if (!(x >= this.min && x <= this.max))
            return -1;
        const bucket = this.bucketOf(x);
        const w = this.w;
        let a = this.buckets[bucket];
        let b = this.buckets[bucket + 1] - 1;
        while (a <= b) {
            const m = (a + b) >>> 1;
            const h = w[2 * m + HI];
            if (h < hi)
                a = m + 1;
            else if (h > hi)
                b = m - 1;
            else {
                const l = w[2 * m + LO];
                if (l < lo)
                    a = m + 1;
                else if (l > lo)
                    b = m - 1;
                else
                    return m;
            }
        }
        return -1;
    }
    unmatched() {
        let c = 0;
        const m = this.matched;
        for (let i = 0; i < m.length; i++)
            if (m[i] === 0)
                c++;
        return c;
    }
}

;// CONCATENATED MODULE: ./src/apply/csv.ts
// CSV (RFC 4180) through csv-parse, which finds the records (quoted commas, quotes and line breaks,
// LF/CRLF/CR endings, even mixed); each record's original bytes are sliced from the input by the
// parser's byte offsets, so a kept row is copied byte for byte, quoting and line ending included.






/** The header of the column added to removed rows. */
const REASON_COLUMN = 'compliance_reason';
/**
 * Read size: csv-parse turns a whole chunk into records at once, and they wait in the stream as
 * objects, so smaller chunks than the line formats' keep memory low (and are no slower).
 */
const CSV_READ_SIZE = 256 << 10;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEWLINE = Buffer.from('\n');
/** Holds the input chunks that records still point into, with the file offset of the first. */
class Window {
    chunks = [];
    base; // file offset of chunks[0]
    total; // file offset after the last chunk
    constructor(start) {
        this.base = start;
        this.total = start;
    }
    add(chunk) {
        this.chunks.push(chunk);
        this.total += chunk.length;
    }
    /** Appends file bytes [s, e) to out (via `emit`), then drops the chunks that end at or before e. */
    copy(s, e, emit) {
        let off = this.base;
        for (const c of this.chunks) {
            const cEnd = off + c.length;
            if (cEnd > s && off < e)
                emit(c, Math.max(s, off) - off, Math.min(e, cEnd) - off);
            if (cEnd >= e)
                break;
            off = cEnd;
        }
    }
    release(upTo) {
        while (this.chunks.length > 0 && this.base + this.chunks[0].length <= upTo) {
            this.base += this.chunks[0].length;
            this.chunks.shift();
        }
    }
    /** The bytes [s, e) as one Buffer (for short pieces: the header, a removed row). */
    slice(s, e) {
        const parts = [];
        this.copy(s, e, (b, a, z) => parts.push(b.subarray(a, z)));
        return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    }
    get end() {
        return this.total;
    }
}
async function applyCsv(opts) {
    const { judge, file, label } = opts;
    const keep = judge.keep;
    const removedOut = judge.removedOut;
    const field = JSON.stringify(opts.idField);
    const reasonCells = judge.reasonText.map(r => `,${csvCell(r)}`);
    // The BOM is not part of the header: it is copied to the kept output and the parser starts after it.
    const head = Buffer.alloc(3);
    let bomLength = 0;
    try {
        const fh = await (0,promises_.open)(file, 'r');
        try {
            const { bytesRead } = await fh.read(head, 0, 3, 0);
            if (bytesRead === 3 && head.equals(BOM))
                bomLength = 3;
        }
        finally {
            await fh.close();
        }
    }
    catch (e) {
        throw new ApplyError(`${label} cannot be read: ${systemMessage(e)}`, { file, cause: e });
    }
    if (bomLength > 0)
        keep.append(BOM, 0, 3);
    const window = new Window(bomLength);
    const input = (0,external_node_fs_.createReadStream)(file, {
        start: bomLength,
        highWaterMark: opts.readSize ?? CSV_READ_SIZE,
        signal: opts.signal
    });
    let offset = bomLength;
    input.on('data', (chunk) => {
        window.add(chunk);
    });
    const parser = (0,lib/* parse */.qg)({
        info: true,
        bom: false,
        relax_column_count: true,
        skip_empty_lines: false,
        record_delimiter: ['\r\n', '\n', '\r']
    });
    const piping = (0,external_node_stream_promises_.pipeline)(input, parser);
    piping.catch(() => undefined); // reported through the iteration below
    let idIndex = -1;
    let headerDone = false;
    let prevLines = 0; // info.lines after the previous record: its last line
    const key = { hi: 0, lo: 0 };
    const appendKeep = (b, s, e) => keep.append(b, s, e);
    try {
        for await (const rec of parser) {
            const start = offset;
            const end = bomLength + rec.info.bytes;
            const line = prevLines + 1;
            prevLines = rec.info.lines;
            offset = end;
            const fields = rec.record;
            if (!headerDone) {
                headerDone = true;
                idIndex = findColumn(fields, opts.idField, label, file);
                window.copy(start, end, appendKeep);
                if (removedOut !== undefined)
                    writeWithCell(removedOut, window.slice(start, end), `,${REASON_COLUMN}`);
            }
            else if (isBlankRecord(fields) && isBlankBytes(window.slice(start, end))) {
                window.copy(start, end, appendKeep);
            }
            else {
                const value = idIndex < fields.length ? fields[idIndex] : '';
                const status = parseIdString(value, key);
                if (status !== ID_OK) {
                    const what = status === ID_EMPTY
                        ? `has no ID in column ${field}: every row needs an ID`
                        : `has ${excerpt(value)} in column ${field}, which is not an ID of 1 to 19 digits`;
                    throw new ApplyError(`${label} line ${line} ${what}`, { file, line });
                }
                const r = judge.judge(key.hi, key.lo);
                if (r < 0)
                    window.copy(start, end, appendKeep);
                else if (removedOut !== undefined)
                    writeWithCell(removedOut, window.slice(start, end), reasonCells[r]);
            }
            window.release(end);
            if (keep.full)
                await keep.flush();
            if (removedOut?.full === true)
                await removedOut.flush();
        }
        await piping;
    }
    catch (e) {
        input.destroy();
        parser.destroy();
        if (e instanceof lib/* CsvError */.J$ || String(e?.code).startsWith('CSV_')) {
            const line = prevLines + 1;
            throw new ApplyError(`${label} line ${line} is not valid CSV: ${systemMessage(e)}`, {
                file,
                line,
                cause: e
            });
        }
        if (e instanceof ApplyError)
            throw e;
        if (opts.signal?.aborted === true)
            throw opts.signal.reason;
        throw new ApplyError(`${label} cannot be read: ${systemMessage(e)}`, { file, cause: e });
    }
    if (!headerDone)
        throw new ApplyError(`${label} is empty: a CSV dataset needs a header row`, { file });
    // Whatever follows the last record (nothing, for any file csv-parse accepts) is kept as it is.
    if (offset < window.end)
        window.copy(offset, window.end, appendKeep);
}
/** Writes a row with one more cell before its line ending (LF if it had none). */
function writeWithCell(out, row, cell) {
    let e = row.length;
    if (e > 0 && row[e - 1] === 0x0a)
        e--;
    if (e > 0 && row[e - 1] === 0x0d)
        e--;
    out.append(row, 0, e);
    out.appendString(cell);
    if (e < row.length)
        out.append(row, e, row.length);
    else
        out.append(NEWLINE, 0, 1);
}
function findColumn(header, name, label, file) {
    const at = header.indexOf(name);
    if (at < 0) {
        const shown = header
            .slice(0, 20)
            .map(h => JSON.stringify(h))
            .join(', ');
        throw new ApplyError(`${label} line 1 has no column ${JSON.stringify(name)} in its header (columns: ${shown}${header.length > 20 ? ', …' : ''}); name the ID column with idField.`, { file, line: 1 });
    }
    if (header.indexOf(name, at + 1) >= 0) {
        throw new ApplyError(`${label} line 1 has the column ${JSON.stringify(name)} twice, which is ambiguous.`, {
            file,
            line: 1
        });
    }
    return at;
}
/** A blank line (nothing, or spaces and tabs) parses as one field of blanks (so does `""`: see isBlankBytes). */
function isBlankRecord(fields) {
    if (fields.length !== 1)
        return false;
    const f = fields[0];
    for (let i = 0; i < f.length; i++) {
        const c = f.charCodeAt(i);
        if (c !== 0x20 && c !== 0x09)
            return false;
    }
    return true;
}
function isBlankBytes(row) {
    for (let i = 0; i < row.length; i++) {
        const c = row[i];
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a)
            return false;
    }
    return true;
}
/** Quotes a cell when RFC 4180 requires it. */
function csvCell(s) {
    return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

;// CONCATENATED MODULE: ./src/apply/judge.ts
class Judge {
    ids;
    actions;
    keep;
    removedOut;
    rows = 0;
    removed = 0;
    byReason;
    /** Each reason as UTF-8, for the removed output. */
    reasonText;
    constructor(ids, reasons, 
    /** X's action by reason index ('unknown' where the results named none). */
    actions, keep, removedOut) {
        this.ids = ids;
        this.actions = actions;
        this.keep = keep;
        this.removedOut = removedOut;
        this.byReason = new Float64Array(reasons.length);
        this.reasonText = reasons;
    }
    /** Counts a row with this ID; returns its reason index when the results list it, else -1. */
    judge(hi, lo) {
        this.rows++;
        const at = this.ids.indexOf(hi, lo);
        if (at < 0)
            return -1;
        this.ids.matched[at] = 1;
        const r = this.ids.reasons[at];
        this.byReason[r]++;
        this.removed++;
        return r;
    }
    removedByReason() {
        return this.removedBy(r => this.reasonText[r]);
    }
    removedByAction() {
        return this.removedBy(r => this.actions[r] ?? 'unknown');
    }
    removedBy(name) {
        // Null prototype: a name such as "__proto__" stays an ordinary key.
        const out = Object.create(null);
        for (let r = 0; r < this.byReason.length; r++) {
            const n = this.byReason[r];
            if (n > 0)
                out[name(r)] = (out[name(r)] ?? 0) + n;
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/apply/json-field.ts
// Finds top-level fields of a one-line JSON object and returns their values' raw text, so an ID
// such as 1265324480517361664 (> 2^53) is read from its digits and never rounded by JSON.parse.
//
// Scope, on purpose: the object's structure is followed exactly (strings with escapes, nested objects
// and arrays skipped by bracket matching, keys compared after unescaping), so a nested "id" is never
// mistaken for the top-level one; a wanted key present twice at top level is an error (JSON parsers
// disagree on which one wins). Nested values and the other keys are not validated beyond that.
/** Value kinds. */
const V_NONE = 0; // the key is absent
const V_STRING = 1; // span is the string's content, without the quotes
const V_NUMBER = 2; // a bare token starting with a digit or '-' (validated by the caller)
const V_OTHER = 3; // true, false, null, an object or an array
class JsonScanError extends Error {
}
/** The keys to look for, fixed per scanner; results of the last scan() in kind/start/end. */
class TopLevelScanner {
    keyBytes;
    keyStrings;
    kind;
    start;
    end;
    /** True when the string value had a backslash escape (decode its raw text with JSON.parse). */
    escaped;
    /** Offset of the object's closing brace after a scan. */
    closeBrace = 0;
    constructor(keys) {
        this.keyStrings = keys;
        this.keyBytes = keys.map(k => new TextEncoder().encode(k));
        this.kind = new Int32Array(keys.length);
        this.start = new Int32Array(keys.length);
        this.end = new Int32Array(keys.length);
        this.escaped = new Uint8Array(keys.length);
    }
    /** Scans buf[s, e), one JSON object and optional whitespace around it. Throws JsonScanError. */
    scan(buf, s, e) {
        const nk = this.keyBytes.length;
        for (let k = 0; k < nk; k++)
            this.kind[k] = V_NONE;
        let i = skipWs(buf, s, e);
        if (i >= e || buf[i] !== 0x7b)
            throw new JsonScanError('is not a JSON object');
        i = skipWs(buf, i + 1, e);
        if (i < e && buf[i] === 0x7d) {
            this.closeBrace = i;
            return this.finish(buf, i + 1, e);
        }
        for (;;) {
            if (i >= e || buf[i] !== 0x22)
                throw new JsonScanError('is not valid JSON (expected a key)');
            const ks = i + 1;
            let esc = false;
            i = ks;
            for (;;) {
                if (i >= e)
                    throw new JsonScanError('is not valid JSON (unterminated string)');
                const c = buf[i];
                if (c === 0x22)
                    break;
                if (c === 0x5c) {
                    esc = true;
                    i += 2;
                }
                else
                    i++;
            }
            const ke = i;
            const k = this.match(buf, ks, ke, esc);
            i = skipWs(buf, i + 1, e);
            if (i >= e || buf[i] !== 0x3a)
                throw new JsonScanError('is not valid JSON (expected ":")');
            i = skipWs(buf, i + 1, e);
            if (i >= e)
                throw new JsonScanError('is not valid JSON (missing value)');
            const vs = i;
            const c = buf[i];
            let kind;
            let vEsc = false;
            if (c === 0x22) {
                kind = V_STRING;
                i++;
                for (;;) {
                    if (i >= e)
                        throw new JsonScanError('is not valid JSON (unterminated string)');
                    const d = buf[i];
                    if (d === 0x22)
                        break;
                    if (d === 0x5c) {
                        vEsc = true;
                        i += 2;
                    }
                    else
                        i++;
                }
                i++;
            }
            else if (c === 0x7b || c === 0x5b) {
                kind = V_OTHER;
                i = skipNested(buf, i, e);
            }
            else {
                kind = (c >= 0x30 && c <= 0x39) || c === 0x2d ? V_NUMBER : V_OTHER;
                while (i < e) {
                    const d = buf[i];
                    if (d === 0x2c ||
                        d === 0x7d ||
                        d === 0x5d ||
                        d === 0x20 ||
                        d === 0x09 ||
                        d === 0x0d ||
                        d === 0x0a) {
                        break;
                    }
                    i++;
                }
                if (i === vs)
                    throw new JsonScanError('is not valid JSON (unexpected character)');
            }
            if (k >= 0) {
                if (this.kind[k] !== V_NONE) {
                    throw new JsonScanError(`has the key ${JSON.stringify(this.keyStrings[k])} twice, which is ambiguous`);
                }
                this.kind[k] = kind;
                this.escaped[k] = vEsc ? 1 : 0;
                if (kind === V_STRING) {
                    this.start[k] = vs + 1;
                    this.end[k] = i - 1;
                }
                else {
                    this.start[k] = vs;
                    this.end[k] = i;
                }
            }
            i = skipWs(buf, i, e);
            if (i < e && buf[i] === 0x2c) {
                i = skipWs(buf, i + 1, e);
                continue;
            }
            if (i < e && buf[i] === 0x7d) {
                this.closeBrace = i;
                return this.finish(buf, i + 1, e);
            }
            throw new JsonScanError('is not valid JSON (expected "," or "}")');
        }
    }
    finish(buf, i, e) {
        if (skipWs(buf, i, e) !== e)
            throw new JsonScanError('has text after its JSON object');
    }
    /** The index of the wanted key buf[ks, ke) is, or -1. */
    match(buf, ks, ke, esc) {
        const keys = this.keyBytes;
        if (esc) {
            let name;
            try {
                name = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + ks - 1, ke - ks + 2).toString('utf8'));
            }
            catch {
                throw new JsonScanError('is not valid JSON (bad escape in a key)');
            }
            return this.keyStrings.indexOf(name);
        }
        const len = ke - ks;
        outer: for (let k = 0; k < keys.length; k++) {
            const key = keys[k];
            if (key.length !== len)
                continue;
            for (let j = 0; j < len; j++)
                if (key[j] !== buf[ks + j])
                    continue outer;
            return k;
        }
        return -1;
    }
}
function skipWs(buf, i, e) {
    while (i < e) {
        const c = buf[i];
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a)
            break;
        i++;
    }
    return i;
}
let stack = new Uint8Array(64);
/** Skips an object or array starting at buf[i]; returns the offset after its matching closing bracket. */
function skipNested(buf, i, e) {
    let depth = 0;
    while (i < e) {
        const c = buf[i];
        if (c === 0x22) {
            i++;
            for (;;) {
                if (i >= e)
                    throw new JsonScanError('is not valid JSON (unterminated string)');
                const d = buf[i];
                if (d === 0x22)
                    break;
                i += d === 0x5c ? 2 : 1;
            }
        }
        else if (c === 0x7b || c === 0x5b) {
            if (depth === stack.length) {
                const bigger = new Uint8Array(stack.length * 2);
                bigger.set(stack);
                stack = bigger;
            }
            stack[depth++] = c + 2; // the closing bracket: { + 2 = }, [ + 2 = ]
        }
        else if (c === 0x7d || c === 0x5d) {
            if (stack[--depth] !== c)
                throw new JsonScanError('is not valid JSON (unbalanced brackets)');
            if (depth === 0)
                return i + 1;
        }
        i++;
    }
    throw new JsonScanError('is not valid JSON (unbalanced brackets)');
}

;// CONCATENATED MODULE: ./src/apply/results.ts
// Loads the results file's IDs (with their reasons) into a sorted IdSet: memory is ~19 bytes per
// results line while loading and ~11 bytes per distinct ID afterwards, whatever the dataset's size.




const RULE = 'each line of X\'s compliance results must be a JSON object with an "id" of 1 to 19 digits and a string "reason"';
class ResultsConsumer {
    label;
    file;
    builder = new IdSetBuilder();
    reasons = [];
    actions = [];
    /** The unescaped raw bytes of each reason, when seen so: a byte compare avoids decoding each line. */
    reasonBytes = [];
    reasonIndex = new Map();
    scanner = new TopLevelScanner(['id', 'reason', 'action']);
    key = { hi: 0, lo: 0 };
    line = 0;
    lines = 0;
    constructor(label, file) {
        this.label = label;
        this.file = file;
    }
    consume(buf, start, end, eof) {
        let i = start;
        while (i < end) {
            let nl = buf.indexOf(0x0a, i);
            if (nl === -1 || nl >= end) {
                if (!eof)
                    return i;
                nl = end;
            }
            this.line++;
            try {
                this.lineAt(buf, i, nl);
            }
            catch (err) {
                if (err instanceof JsonScanError)
                    throw this.error(err.message);
                throw err;
            }
            i = nl + 1;
        }
        return end;
    }
    lineAt(buf, s, e) {
        if (isBlank(buf, s, e))
            return;
        this.lines++;
        const sc = this.scanner;
        sc.scan(buf, s, e);
        const key = this.key;
        const kind = sc.kind[0];
        if (kind === V_NONE)
            throw this.error('has no "id"');
        let status;
        if (kind === V_STRING && sc.escaped[0] === 0)
            status = parseIdBytes(buf, sc.start[0], sc.end[0], key);
        else if (kind === V_STRING)
            status = parseIdString(decodeString(buf, sc.start[0], sc.end[0]), key);
        else if (kind === V_NUMBER)
            status = parseIdBytes(buf, sc.start[0], sc.end[0], key);
        else
            status = -1;
        if (status !== ID_OK) {
            const raw = kind === V_STRING ? excerptBytes(buf, sc.start[0], sc.end[0]) : 'a non-string value';
            throw this.error(`has an "id" (${raw}) that is not 1 to 19 digits`);
        }
        if (sc.kind[1] !== V_STRING)
            throw this.error('has no string "reason"');
        const r = this.reasonOf(buf, sc.start[1], sc.end[1], sc.escaped[1] === 1);
        this.builder.add(key.hi, key.lo, r);
        // A reason has one action at X; it is taken once, so the other lines cost nothing more.
        if (this.actions[r] === undefined && sc.kind[2] === V_STRING) {
            this.actions[r] =
                sc.escaped[2] === 1
                    ? decodeString(buf, sc.start[2], sc.end[2])
                    : buf.toString('utf8', sc.start[2], sc.end[2]);
        }
    }
    reasonOf(buf, s, e, escaped) {
        if (!escaped) {
            const known = this.reasonBytes;
            const n = e - s;
            const lim = Math.min(known.length, 32);
            outer: for (let r = 0; r < lim; r++) {
                const k = known[r];
                if (k === null || k.length !== n)
                    continue;
                for (let j = 0; j < n; j++)
                    if (k[j] !== buf[s + j])
                        continue outer;
                return r;
            }
        }
        const name = escaped ? decodeString(buf, s, e) : buf.toString('utf8', s, e);
        let r = this.reasonIndex.get(name);
        if (r === undefined) {
            if (this.reasons.length >= MAX_REASONS)
                throw this.error('brings the number of distinct reasons above 65535');
            r = this.reasons.length;
            this.reasons.push(name);
            this.actions.push(undefined);
            this.reasonIndex.set(name, r);
            this.reasonBytes.push(null);
        }
        if (!escaped && r < 32 && this.reasonBytes[r] === null)
            this.reasonBytes[r] = new Uint8Array(buf.subarray(s, e)); // a copy: the buffer is reused
        return r;
    }
    error(what) {
        return new ApplyError(`${this.label} line ${this.line} ${what}: ${RULE}. The file may be truncated or not a compliance results file; download the results again.`, { file: this.file, line: this.line });
    }
}
/** Decodes a JSON string's content buf[s, e) (without its quotes). */
function decodeString(buf, s, e) {
    try {
        return JSON.parse(buf.toString('utf8', s - 1, e + 1));
    }
    catch {
        throw new JsonScanError('is not valid JSON (bad escape in a string)');
    }
}
function isBlank(buf, s, e) {
    for (let i = s; i < e; i++) {
        const c = buf[i];
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d)
            return false;
    }
    return true;
}
async function loadResults(file, signal, readSize) {
    const label = `results file ${JSON.stringify(file)}`;
    const consumer = new ResultsConsumer(label, file);
    await readChunks(consumer, { label, file, signal, readSize });
    return {
        ids: consumer.builder.build(),
        reasons: consumer.reasons,
        actions: consumer.actions,
        lines: consumer.lines
    };
}

;// CONCATENATED MODULE: ./src/apply/lines.ts




const LF = 0x0a;
const CR = 0x0d;
const lines_NEWLINE = Buffer.from('\n');
class LineConsumer {
    judge;
    label;
    file;
    line = 0;
    key = { hi: 0, lo: 0 };
    constructor(judge, label, file) {
        this.judge = judge;
        this.label = label;
        this.file = file;
    }
    consume(buf, start, end, eof) {
        const keep = this.judge.keep;
        const removedOut = this.judge.removedOut;
        let run = start; // kept bytes from here are copied in one go
        let i = start;
        while (i < end) {
            let nl = buf.indexOf(LF, i);
            let next;
            if (nl === -1 || nl >= end) {
                if (!eof)
                    break;
                nl = end;
                next = end;
            }
            else
                next = nl + 1;
            this.line++;
            const e = nl > i && buf[nl - 1] === CR ? nl - 1 : nl;
            const r = this.row(buf, i, e);
            if (r >= 0) {
                keep.append(buf, run, i);
                run = next;
                if (removedOut !== undefined)
                    this.writeRemoved(buf, i, e, next, r);
            }
            i = next;
        }
        keep.append(buf, run, i);
        return i;
    }
    error(what) {
        return new ApplyError(`${this.label} line ${this.line} ${what}`, { file: this.file, line: this.line });
    }
    /** Appends the row's own line ending (LF or CRLF); a last row without one (or with a lone CR) gets LF. */
    writeEnding(buf, e, next) {
        const out = this.judge.removedOut;
        if (next > e && buf[next - 1] === LF)
            out.append(buf, e, next);
        else
            out.append(lines_NEWLINE, 0, 1);
    }
}
/** One ID per line (spaces and tabs around it allowed). Removed rows: `ID<TAB>reason`. */
class IdsConsumer extends LineConsumer {
    row(buf, s, e) {
        const key = this.key;
        const status = parseIdBytes(buf, s, e, key);
        if (status === ID_OK)
            return this.judge.judge(key.hi, key.lo);
        if (status === ID_EMPTY || isBlank(buf, s, e))
            return -1;
        throw this.error(`is not an ID (${excerptBytes(buf, s, e)}): each row must hold one ID of 1 to 19 digits (0-9)`);
    }
    writeRemoved(buf, s, e, next, reason) {
        const out = this.judge.removedOut;
        let a = s;
        let b = e;
        while (buf[a] === 0x20 || buf[a] === 0x09)
            a++;
        while (buf[b - 1] === 0x20 || buf[b - 1] === 0x09)
            b--;
        out.append(buf, a, b);
        out.appendString(`\t${this.judge.reasonText[reason]}`);
        this.writeEnding(buf, e, next);
    }
}
/**
 * JSON lines with the ID in the top-level field `idField`, as a string or a bare number (read from its
 * digits). Removed rows get `,"compliance_reason":"<reason>"` before their closing brace.
 */
class JsonlConsumer extends LineConsumer {
    scanner;
    field;
    reasonJson;
    constructor(judge, label, file, idField) {
        super(judge, label, file);
        this.field = idField;
        this.scanner = new TopLevelScanner([idField]);
        this.reasonJson = judge.reasonText.map(r => `,"compliance_reason":${JSON.stringify(r)}`);
    }
    row(buf, s, e) {
        if (isBlank(buf, s, e))
            return -1;
        const sc = this.scanner;
        const key = this.key;
        let status;
        try {
            sc.scan(buf, s, e);
            const kind = sc.kind[0];
            if (kind === V_STRING && sc.escaped[0] === 0)
                status = parseIdBytes(buf, sc.start[0], sc.end[0], key);
            else if (kind === V_STRING)
                status = parseIdString(decodeString(buf, sc.start[0], sc.end[0]), key);
            else if (kind === V_NUMBER)
                status = parseIdBytes(buf, sc.start[0], sc.end[0], key);
            else
                status = ID_BAD;
        }
        catch (err) {
            if (err instanceof JsonScanError)
                throw this.error(err.message);
            throw err;
        }
        if (status === ID_OK)
            return this.judge.judge(key.hi, key.lo);
        const f = JSON.stringify(this.field);
        const kind = sc.kind[0];
        if (kind === V_NONE)
            throw this.error(`has no field ${f}: every row needs an ID`);
        const text = buf.toString('utf8', sc.start[0], Math.min(sc.end[0], sc.start[0] + 4));
        if (status === ID_EMPTY || (kind === V_OTHER && sc.end[0] - sc.start[0] === 4 && text === 'null')) {
            throw this.error(`has an empty field ${f}: every row needs an ID`);
        }
        const value = kind === V_OTHER ? 'an object, array or literal' : excerptBytes(buf, sc.start[0], sc.end[0]);
        throw this.error(`has ${value} in field ${f}, which is not an ID of 1 to 19 digits`);
    }
    writeRemoved(buf, s, e, next, reason) {
        const out = this.judge.removedOut;
        const brace = this.scanner.closeBrace;
        out.append(buf, s, brace);
        out.appendString(this.reasonJson[reason]);
        out.append(buf, brace, e);
        this.writeEnding(buf, e, next);
    }
}

;// CONCATENATED MODULE: ./src/apply/output.ts
// An output file written in large blocks to `<path>.partial` and renamed into place only on success.



/** Bytes gathered before a write; appends are synchronous, writes happen between input chunks. */
const WRITE_BLOCK = 8 << 20;
class OutputFile {
    path;
    partial;
    fh;
    buf = Buffer.allocUnsafe(WRITE_BLOCK + (1 << 20));
    len = 0;
    constructor(path, fh) {
        this.path = path;
        this.partial = `${path}.partial`;
        this.fh = fh;
    }
    static async create(path, what) {
        try {
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
            return new OutputFile(path, await (0,promises_.open)(`${path}.partial`, 'w'));
        }
        catch (e) {
            throw new ApplyError(`cannot create the ${what} ${JSON.stringify(`${path}.partial`)}: ${systemMessage(e)}`, {
                file: path,
                cause: e
            });
        }
    }
    /** Appends src[start, end). */
    append(src, start, end) {
        const n = end - start;
        if (n <= 0)
            return;
        if (this.len + n > this.buf.length)
            this.grow(n);
        this.buf.set(src.subarray(start, end), this.len);
        this.len += n;
    }
    /** Appends a string as UTF-8. */
    appendString(s) {
        const max = s.length * 3;
        if (this.len + max > this.buf.length)
            this.grow(max);
        this.len += this.buf.write(s, this.len, 'utf8');
    }
    /** At least WRITE_BLOCK bytes are gathered: time to flush(). */
    get full() {
        return this.len >= WRITE_BLOCK;
    }
    /** Writes the gathered bytes once there are at least WRITE_BLOCK of them. */
    async maybeFlush() {
        if (this.len >= WRITE_BLOCK)
            await this.flush();
    }
    async flush() {
        const fh = this.fh;
        if (fh === undefined)
            return;
        let off = 0;
        try {
            while (off < this.len)
                off += (await fh.write(this.buf, off, this.len - off)).bytesWritten;
        }
        catch (e) {
            throw new ApplyError(`cannot write ${JSON.stringify(this.partial)}: ${systemMessage(e)}`, {
                file: this.path,
                cause: e
            });
        }
        this.len = 0;
        // Shrink back after a huge row made the buffer grow.
        if (this.buf.length > 4 * WRITE_BLOCK)
            this.buf = Buffer.allocUnsafe(WRITE_BLOCK + (1 << 20));
    }
    /** Writes the rest, closes and renames the partial file into place. */
    async commit() {
        await this.flush();
        const fh = this.fh;
        this.fh = undefined;
        try {
            await fh?.close();
            await (0,promises_.rename)(this.partial, this.path);
        }
        catch (e) {
            await (0,promises_.rm)(this.partial, { force: true }).catch(() => undefined);
            throw new ApplyError(`cannot write ${JSON.stringify(this.path)}: ${systemMessage(e)}`, {
                file: this.path,
                cause: e
            });
        }
    }
    /** Closes and removes the partial file; never throws. */
    async discard() {
        const fh = this.fh;
        this.fh = undefined;
        await fh?.close().catch(() => undefined);
        await (0,promises_.rm)(this.partial, { force: true }).catch(() => undefined);
    }
    grow(need) {
        let size = this.buf.length * 2;
        while (size < this.len + need)
            size *= 2;
        const b = Buffer.allocUnsafe(size);
        this.buf.copy(b, 0, 0, this.len);
        this.buf = b;
    }
}

;// CONCATENATED MODULE: ./src/apply/engine.ts
// The engine behind applyResults (index.ts): options, results, outputs, the format's reader.








const FORMATS = ['ids', 'jsonl', 'csv'];
/** The format a dataset path implies: .csv -> csv, .jsonl/.ndjson -> jsonl, anything else -> ids. */
function formatOf(path) {
    const p = path.toLowerCase();
    if (p.endsWith('.csv'))
        return 'csv';
    if (p.endsWith('.jsonl') || p.endsWith('.ndjson'))
        return 'jsonl';
    return 'ids';
}
async function applyWith(opts, tuning) {
    const format = opts.format ?? formatOf(opts.dataset);
    if (!FORMATS.includes(format)) {
        throw new ApplyError(`unknown dataset format ${JSON.stringify(format)}: use ids, jsonl or csv.`);
    }
    const idField = opts.idField ?? 'id';
    if (idField === '')
        throw new ApplyError('the ID field name is empty.');
    checkPaths(opts);
    opts.signal?.throwIfAborted();
    const results = await loadResults(opts.results, opts.signal, tuning.readSize);
    const label = `dataset ${JSON.stringify(opts.dataset)}`;
    const keep = await OutputFile.create(opts.keepOut, 'kept-rows output');
    let removedOut;
    try {
        if (opts.removedOut !== undefined)
            removedOut = await OutputFile.create(opts.removedOut, 'removed-rows output');
        const judge = new Judge(results.ids, results.reasons, results.actions, keep, removedOut);
        if (format === 'csv') {
            await applyCsv({
                judge,
                file: opts.dataset,
                label,
                idField,
                signal: opts.signal,
                readSize: tuning.readSize
            });
        }
        else {
            const consumer = format === 'ids'
                ? new IdsConsumer(judge, label, opts.dataset)
                : new JsonlConsumer(judge, label, opts.dataset, idField);
            await readChunks(consumer, {
                label,
                file: opts.dataset,
                signal: opts.signal,
                readSize: tuning.readSize,
                onBom: () => keep.append(engine_BOM, 0, 3),
                afterChunk: async () => {
                    if (keep.full)
                        await keep.flush();
                    if (removedOut?.full === true)
                        await removedOut.flush();
                }
            });
        }
        opts.signal?.throwIfAborted();
        await keep.commit();
        await removedOut?.commit();
        return {
            rows: judge.rows,
            kept: judge.rows - judge.removed,
            removed: judge.removed,
            removedByReason: judge.removedByReason(),
            removedByAction: judge.removedByAction(),
            resultsIds: results.ids.size,
            unmatchedResults: results.ids.unmatched()
        };
    }
    catch (e) {
        await keep.discard();
        await removedOut?.discard();
        throw e;
    }
}
const engine_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Whether two paths name the same file, as the outputs' checks compare them (resolved, not through links). */
function samePath(a, b) {
    return (0,external_node_path_.resolve)(a) === (0,external_node_path_.resolve)(b);
}
/** The outputs may not be the inputs or each other (the inputs may be the same file, harmlessly). */
function checkPaths(opts) {
    const named = [
        ['results', opts.results],
        ['dataset', opts.dataset],
        ['keepOut', opts.keepOut],
        ['removedOut', opts.removedOut]
    ];
    for (const [name, p] of named) {
        if (p === '')
            throw new ApplyError(`the ${name} path is empty.`);
    }
    for (let i = 2; i < named.length; i++) {
        const [name, p] = named[i];
        if (p === undefined)
            continue;
        for (let j = 0; j < i; j++) {
            const [other, q] = named[j];
            if (q !== undefined && samePath(p, q)) {
                throw new ApplyError(`${other} and ${name} are the same file (${JSON.stringify(p)}): write the outputs elsewhere.`);
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/apply/index.ts
// `x-compliance apply`: streams a dataset against a compliance results file and writes the rows to
// keep (byte for byte) and, optionally, the removed rows with their reason.
//
// Memory scales with the results, not the dataset: the results' distinct IDs are held as a sorted
// BigUint64Array with a reason index, a matched flag and a bucket index (~15 bytes per ID; ~25 while
// loading). The dataset is read in chunks (4 MiB; CSV 256 KiB) and the outputs are written in 8 MiB
// blocks to `<path>.partial`, renamed into place only when everything succeeded (removed on failure
// or abort); their directory is created. An output may not be an input or the other output.
//
// Formats (`format`, else by extension: .csv -> csv, .jsonl/.ndjson -> jsonl, anything else -> ids):
// - ids:   one ID per line. Removed rows: `<ID as written><TAB><reason>`.
// - jsonl: one JSON object per line, the ID in the top-level field `idField` (default "id") as a string
//          or a bare number, read from its text, never through JSON.parse (no rounding above 2^53).
//          The scanner follows the object's structure (strings, escapes, nested objects and arrays
//          skipped by bracket matching, keys compared unescaped) but does not validate the other
//          values; the field present twice at top level is an error (parsers disagree on which wins).
//          Removed rows: the row with `,"compliance_reason":"<reason>"` added before its closing brace.
// - csv:   RFC 4180 (csv-parse) with a header row naming the ID column `idField` (default "id") at any
//          position; quoted fields may hold commas, quotes and line breaks; rows may differ in length.
//          Removed rows: the header and each row with one more cell, `compliance_reason` / the reason
//          (quoted when needed), before the row's line ending.
// In every format:
// - rows end with LF or CRLF (CSV: also CR) and keep their own ending in both outputs; a last row
//   without one gets LF in the removed output;
// - blank lines (nothing, or spaces, tabs, CR) are copied to the kept output and are not rows;
// - a UTF-8 BOM is copied to the kept output only;
// - each row is judged on its own, so duplicate IDs in the dataset are all kept or all removed;
// - an ID is 1 to 19 digits, spaces and tabs around it ignored, leading zeros insignificant; a row
//   without one, or with anything else, is an ApplyError naming the file and line (CSV: the line the
//   record starts on), as is a malformed results line.
// Results: blank lines are skipped; reasons are taken as they come (unknown ones too); an ID listed
// twice keeps the reason of its first line.




/** Streams the dataset against the results file; see the top of this file for the formats. */
async function applyResults(opts) {
    return applyWith(opts, {});
}


/***/ }),

/***/ 9562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _H: () => (/* binding */ UPLOAD_START_HEADERS),
/* harmony export */   g4: () => (/* binding */ MAX_ID_DIGITS),
/* harmony export */   pw: () => (/* binding */ ID_PATTERN)
/* harmony export */ });
/* unused harmony exports JOB_TYPES, isJobType */
// What X's batch compliance API fixes, in one place for the action, the CLI, apply and the sandbox.
const JOB_TYPES = (/* unused pure expression or super */ null && (['tweets', 'users']));
function isJobType(s) {
    return s === 'tweets' || s === 'users';
}
/** Post and account IDs have 1 to 19 digits, so every one fits in 64 bits (10^19 - 1 < 2^64). */
const MAX_ID_DIGITS = 19;
const ID_PATTERN = /^[0-9]{1,19}$/;
/**
 * The headers of the resumable start POST to a job's upload_url. They are part of its signature: send exactly
 * these (fetch's default `text/plain;charset=UTF-8` breaks it).
 */
const UPLOAD_START_HEADERS = {
    'content-type': 'text/plain',
    'content-length': '0',
    'x-goog-resumable': 'start'
};


/***/ })

};
