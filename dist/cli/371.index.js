export const id = 371;
export const ids = [371,562];
export const modules = {

/***/ 7420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wq: () => (/* binding */ ActiveJobError),
/* harmony export */   tS: () => (/* binding */ ComplianceClient)
/* harmony export */ });
/* unused harmony export XApiError */
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7893);
/* harmony import */ var _net_clock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2881);
/* harmony import */ var _net_json_api_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9548);
/* harmony import */ var _problem_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9332);




class XApiError extends Error {
    status;
    problem;
    constructor(message, status, problem, options) {
        super(message, options);
        this.status = status;
        this.problem = problem;
        this.name = 'XApiError';
    }
}
class ActiveJobError extends XApiError {
    type;
    active;
    constructor(type, active, cause) {
        super(`X refused a new ${type} job because ${type} job ${active.id} is already ${active.status} ` +
            `(created ${active.created_at}); X allows one active job per type per App (${cause.message})`, cause.status, cause.problem);
        this.type = type;
        this.active = active;
        this.name = 'ActiveJobError';
    }
}
// A clock-skew allowance when adopting a job after an ambiguous create (X's clock vs the runner's).
const ADOPT_SKEW_MS = 120_000;
const RESET_MARGIN_MS = 500;
class ComplianceClient {
    opts;
    clock;
    notBefore = new Map();
    constructor(opts) {
        this.opts = opts;
        this.clock = opts.clock ?? _net_clock_js__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m;
    }
    async get(id) {
        const body = await this.call('get', 'GET', `/2/compliance/jobs/${id}`, `getting job ${id}`);
        return this.parseJob(body, `job ${id}`);
    }
    async list(type, status) {
        const query = `type=${type}${status ? `&status=${status}` : ''}`;
        const body = await this.call('list', 'GET', `/2/compliance/jobs?${query}`, `listing ${type} jobs`);
        const data = body.data;
        if (data === undefined)
            return [];
        if (!Array.isArray(data))
            throw new XApiError(`X API: listing ${type} jobs returned no job list.`);
        return data.map(j => this.parseJob({ data: j }, `a listed ${type} job`));
    }
    async cancel(id) {
        await this.call('cancel', 'DELETE', `/2/compliance/jobs/${id}`, `cancelling job ${id}`);
    }
    /**
     * Creates a job. After an ambiguous failure (reset, timeout, 5xx) the job may exist anyway: list this type's
     * `created` jobs and adopt one created since the first attempt rather than creating a second.
     */
    async create(type, name) {
        const what = `creating a ${type} job`;
        const payload = JSON.stringify(name ? { type, name, resumable: true } : { type, resumable: true });
        const state = new _net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetryState */ .OX(this.opts.retry, this.clock);
        const firstAttempt = this.clock.now();
        for (;;) {
            await this.waitForRateLimit('create', what);
            let res;
            let failure;
            try {
                res = await this.opts.transport(this.request('POST', '/2/compliance/jobs', payload));
                this.noteRateLimit('create', res);
            }
            catch (err) {
                if (!(0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryableError */ .$d)(err))
                    throw this.networkError(what, err);
                failure = err;
            }
            if (res && res.status >= 200 && res.status < 300)
                return this.parseJob(await readJson(res, what), 'the new job');
            if (res && !(0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .isRetryableStatus */ .PS)(res.status))
                throw await this.refusal(type, what, res);
            const floor = res ? this.floorFor(res) : undefined;
            const ambiguous = !res || res.status !== 429;
            if (res)
                await res.dispose();
            const delay = this.failure(state, what, failure ?? httpCause(res), floor);
            this.opts.onRetry?.(what, {
                attempt: state.consecutiveFailures,
                delayMs: delay,
                reason: reasonOf(failure, res)
            });
            await this.clock.sleep(delay, this.opts.signal);
            if (ambiguous) {
                const adopted = await this.findCreatedSince(type, name, firstAttempt);
                if (adopted)
                    return adopted;
            }
        }
    }
    /**
     * A refused create may mean a job of this type is already active (X allows one per type per App). X does not
     * document that error, so ask the API which job is active instead of reading the message.
     */
    async refusal(type, what, res) {
        const error = await this.httpError(what, res);
        if (res.status === 401 || res.status === 403 || res.status < 400 || res.status >= 500)
            return error;
        try {
            const active = [...(await this.list(type, 'in_progress')), ...(await this.list(type, 'created'))];
            return active.length > 0 ? new ActiveJobError(type, active[0], error) : error;
        }
        catch {
            return error; // the listing is only a diagnosis: the create's own error is what to report
        }
    }
    async findCreatedSince(type, name, since) {
        const created = await this.list(type, 'created');
        return created
            .filter(j => (name ? j.name === name : true) && Date.parse(j.created_at) >= since - ADOPT_SKEW_MS)
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    }
    /** One idempotent request with the shared retry policy; returns the parsed JSON body of a 2xx. */
    async call(family, method, path, what) {
        await this.waitForRateLimit(family, what);
        const state = new _net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetryState */ .OX(this.opts.retry, this.clock);
        let res;
        try {
            res = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .requestWithRetry */ .En)(this.opts.transport, () => this.request(method, path), {
                state,
                clock: this.clock,
                signal: this.opts.signal,
                delayFloorMs: r => {
                    this.noteRateLimit(family, r);
                    return this.floorFor(r);
                },
                onRetry: e => this.opts.onRetry?.(what, e)
            });
        }
        catch (err) {
            if (err instanceof _net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetriesExhaustedError */ .i5) {
                throw exhausted(what, err);
            }
            throw this.networkError(what, err);
        }
        this.noteRateLimit(family, res);
        if (res.status < 200 || res.status >= 300)
            throw await this.httpError(what, res);
        return readJson(res, what);
    }
    request(method, path, body) {
        return (0,_net_json_api_js__WEBPACK_IMPORTED_MODULE_2__/* .jsonRequest */ .UX)({ ...this.opts, userAgent: 'x-compliance-action' }, method, path, body);
    }
    failure(state, what, cause, floor) {
        try {
            return state.failure(cause, floor);
        }
        catch (err) {
            if (err instanceof _net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .RetriesExhaustedError */ .i5) {
                throw exhausted(what, err);
            }
            throw err;
        }
    }
    /** `x-rate-limit-remaining: 0` means the next request of this family must wait until the reset. */
    noteRateLimit(family, res) {
        const remaining = res.headers.get('x-rate-limit-remaining');
        const reset = resetAt(res);
        if ((remaining === '0' || res.status === 429) && reset !== undefined) {
            this.notBefore.set(family, Math.max(this.notBefore.get(family) ?? 0, reset));
        }
    }
    floorFor(res) {
        const now = this.clock.now();
        const reset = res.status === 429 ? resetAt(res) : undefined;
        const floors = [reset === undefined ? undefined : reset - now, (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .retryAfterMs */ .Vs)(res.headers, now)];
        const defined = floors.filter((f) => f !== undefined);
        return defined.length > 0 ? Math.max(0, ...defined) : undefined;
    }
    async waitForRateLimit(family, what) {
        const until = this.notBefore.get(family) ?? 0;
        const wait = until - this.clock.now();
        if (wait > 0) {
            this.opts.onRateLimitWait?.(what, wait);
            await this.clock.sleep(wait, this.opts.signal);
        }
    }
    async httpError(what, res) {
        const problem = (0,_problem_js__WEBPACK_IMPORTED_MODULE_3__/* .summarizeProblem */ .T)(await res.text(64 * 1024).catch(() => ''));
        const hint = res.status === 401
            ? ' Check that bearer-token is a valid App-only bearer token (not a user token or an API key).'
            : res.status === 403
                ? " The token's App lacks access to the batch compliance endpoints: check its project and access level in the X developer portal."
                : '';
        const text = /[.!?…]$/.test(problem.text) ? problem.text : `${problem.text}.`;
        return new XApiError(`X API: ${what} failed: HTTP ${res.status}: ${text}${hint}`, res.status, problem);
    }
    networkError(what, err) {
        if (err instanceof XApiError)
            return err;
        const why = (0,_net_json_api_js__WEBPACK_IMPORTED_MODULE_2__/* .failureReason */ .Hr)(err);
        return why === undefined ? err : new XApiError(`X API: ${what} failed: ${why}`);
    }
    parseJob(body, what) {
        const data = body.data;
        const ok = data &&
            typeof data.id === 'string' &&
            /^[0-9]{1,19}$/.test(data.id) &&
            typeof data.status === 'string' &&
            (data.type === 'tweets' || data.type === 'users');
        if (!ok)
            throw new XApiError(`X API: ${what} has an unexpected shape (no id, type or status).`);
        const job = {
            ...data,
            upload_url: typeof data.upload_url === 'string' ? data.upload_url : '',
            download_url: typeof data.download_url === 'string' ? data.download_url : '',
            upload_expires_at: typeof data.upload_expires_at === 'string' ? data.upload_expires_at : '',
            download_expires_at: typeof data.download_expires_at === 'string' ? data.download_expires_at : '',
            created_at: typeof data.created_at === 'string' ? data.created_at : ''
        };
        this.opts.onJob?.(job);
        return job;
    }
}
function exhausted(what, err) {
    return new XApiError(`X API: ${what} failed after ${err.attempts} attempts: ${err.message}`, undefined, undefined, {
        cause: err
    });
}
function resetAt(res) {
    const raw = res.headers.get('x-rate-limit-reset');
    if (!raw || !/^[0-9]+$/.test(raw.trim()))
        return undefined;
    return Number(raw.trim()) * 1000 + RESET_MARGIN_MS;
}
function readJson(res, what) {
    return (0,_net_json_api_js__WEBPACK_IMPORTED_MODULE_2__/* .readJsonBody */ .nE)(res, () => new XApiError(`X API: ${what} returned a body that is not JSON (HTTP ${res.status}).`, res.status));
}
function httpCause(res) {
    return new Error(`HTTP ${res.status}`);
}
function reasonOf(err, res) {
    if (res)
        return `HTTP ${res.status}`;
    return err.code ?? String(err);
}


/***/ }),

/***/ 3479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ downloadResults)
/* harmony export */ });
/* unused harmony export DownloadError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7893);
/* harmony import */ var _net_clock_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2881);
/* harmony import */ var _problem_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9332);
/* harmony import */ var _results_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8197);
// Streams the results to <dest>.partial, resuming with Range after a fault, counting on the way, then renames.
// The file is never held in memory.






class DownloadError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'DownloadError';
    }
}
async function downloadResults(opts) {
    const clock = opts.clock ?? _net_clock_js__WEBPACK_IMPORTED_MODULE_3__/* .systemClock */ .m;
    const partial = `${opts.dest}.partial`;
    await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(opts.dest), { recursive: true });
    const file = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.open(partial, 'w');
    const state = new _net_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetryState */ .OX(opts.retry, clock);
    let counter = new _results_js__WEBPACK_IMPORTED_MODULE_4__/* .ResultsCounter */ .DA();
    let offset = 0;
    let resumes = 0;
    try {
        for (;;) {
            const res = await open(opts, state, clock, offset);
            if (res.status === 416 && offset > 0) {
                await res.dispose(); // everything was received before the connection dropped
                break;
            }
            if (res.status === 200 && offset > 0) {
                // The server ignored Range: start over rather than append a second copy.
                await file.truncate(0);
                counter = new _results_js__WEBPACK_IMPORTED_MODULE_4__/* .ResultsCounter */ .DA();
                offset = 0;
            }
            else if (res.status === 206) {
                const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1];
                if (start === undefined || Number(start) !== offset) {
                    await res.dispose();
                    throw new DownloadError(`the results server answered a resume at byte ${offset} with another range.`);
                }
            }
            else if (res.status !== 200) {
                const problem = (0,_problem_js__WEBPACK_IMPORTED_MODULE_5__/* .summarizeProblem */ .T)(await res.text(64 * 1024).catch(() => ''));
                throw new DownloadError(`downloading the results failed: HTTP ${res.status}: ${problem.text}`);
            }
            try {
                for await (const chunk of res.body()) {
                    await file.write(chunk, 0, chunk.length, offset);
                    counter.push(chunk);
                    offset += chunk.length;
                    state.progress();
                }
                break;
            }
            catch (err) {
                if (!(0,_net_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .isRetryableError */ .$d)(err))
                    throw err;
                await res.dispose();
                const delay = retryDelay(state, err);
                opts.onRetry?.({ attempt: state.consecutiveFailures, delayMs: delay, reason: codeOf(err) });
                await clock.sleep(delay, opts.signal);
                resumes++;
            }
        }
        const counts = counter.end();
        await file.close();
        await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rename(partial, opts.dest);
        return { path: opts.dest, bytes: offset, counts, resumes };
    }
    catch (err) {
        await file.close().catch(() => undefined);
        throw err;
    }
}
async function open(opts, state, clock, offset) {
    try {
        return await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .requestWithRetry */ .En)(opts.transport, () => ({
            method: 'GET',
            url: opts.url,
            headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
            signal: opts.signal,
            stallTimeoutMs: opts.stallTimeoutMs
        }), { state, clock, signal: opts.signal, onRetry: opts.onRetry });
    }
    catch (err) {
        if (err instanceof _net_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetriesExhaustedError */ .i5) {
            throw new DownloadError(`downloading the results failed after ${err.attempts} attempts: ${err.message}`, { cause: err });
        }
        throw err;
    }
}
function retryDelay(state, err) {
    try {
        return state.failure(err);
    }
    catch (e) {
        if (e instanceof _net_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .RetriesExhaustedError */ .i5) {
            throw new DownloadError(`downloading the results failed after ${e.attempts} attempts: ${e.message}`, {
                cause: e
            });
        }
        throw e;
    }
}
function codeOf(err) {
    return err.code ?? String(err);
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


/***/ }),

/***/ 2606:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $m: () => (/* binding */ isActive),
/* harmony export */   Ar: () => (/* binding */ pollUntilDone)
/* harmony export */ });
/* unused harmony exports MAX_POLL_GAP_MS, WaitTimeoutError, pollGapMs */
const MAX_POLL_GAP_MS = 300_000;
const GROWTH = 1.5;
const JITTER = 0.1;
class WaitTimeoutError extends Error {
    job;
    constructor(message, job) {
        super(message);
        this.job = job;
        this.name = 'WaitTimeoutError';
    }
}
function isActive(status) {
    return status === 'created' || status === 'in_progress';
}
/** The n-th gap (0-based): interval × 1.5^n, capped at 300 s but never below the interval, plus jitter. */
function pollGapMs(intervalMs, n, random) {
    const base = Math.max(intervalMs, Math.min(MAX_POLL_GAP_MS, intervalMs * GROWTH ** n));
    return Math.ceil(base * (1 + JITTER * random()));
}
async function pollUntilDone(opts) {
    const start = opts.clock.now();
    let job = opts.first;
    for (let n = 0; isActive(job.status); n++) {
        const waited = opts.clock.now() - start;
        const gap = pollGapMs(opts.intervalMs, n, opts.clock.random);
        if (waited + gap > opts.timeoutMs) {
            const minutes = Math.round(opts.timeoutMs / 60_000);
            throw new WaitTimeoutError(`job ${job.id} is still ${job.status} after waiting ${minutes} minute(s) (wait-timeout-minutes). ` +
                `It keeps running at X: rerun with job-id: ${job.id} to continue waiting and download the results.`, job);
        }
        await opts.clock.sleep(gap, opts.signal);
        job = await opts.get();
        opts.onStatus?.(job, opts.clock.now() - start);
    }
    return { job, waitedMs: opts.clock.now() - start };
}


/***/ }),

/***/ 9332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ summarizeProblem)
/* harmony export */ });
// X answers errors as RFC 7807 problems (top level or in errors[]), {errors:[{code,message}]}, plain strings,
// or a proxy's HTML page. This turns any of them into one short, quotable line.
const MAX_QUOTE = 300;
function summarizeProblem(body) {
    const summary = parse(body);
    return summary.text === '' ? { ...summary, text: '(empty body)' } : summary;
}
function parse(body) {
    const trimmed = body.trim();
    if (trimmed === '')
        return { text: '(empty body)' };
    let json;
    try {
        json = JSON.parse(trimmed);
    }
    catch {
        return { text: cleanText(trimmed) };
    }
    if (typeof json === 'string')
        return { text: clip(json) };
    if (!isObject(json))
        return { text: clip(trimmed) };
    const title = str(json.title);
    const detail = str(json.detail);
    const type = str(json.type);
    const parts = [];
    if (title)
        parts.push(title);
    if (detail && detail !== title)
        parts.push(detail);
    const nested = Array.isArray(json.errors) ? json.errors.map(describeEntry).filter(Boolean) : [];
    for (const n of nested)
        if (!parts.includes(n))
            parts.push(n);
    if (parts.length === 0) {
        const message = str(json.message) ?? str(json.error);
        if (message)
            parts.push(message);
    }
    return { title, detail, type, text: parts.length > 0 ? clip(parts.join(': ')) : clip(trimmed) };
}
function describeEntry(entry) {
    if (typeof entry === 'string')
        return entry;
    if (!isObject(entry))
        return '';
    const title = str(entry.title);
    const detail = str(entry.detail) ?? str(entry.message);
    if (title && detail && title !== detail)
        return `${title}: ${detail}`;
    return title ?? detail ?? '';
}
/** An HTML page (a proxy's error page) is reduced to its <title> or its visible text. */
function cleanText(text) {
    if (/^<(!doctype|html|\?xml|[a-z])/i.test(text)) {
        const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
        const code = /<Code>([\s\S]*?)<\/Code>/.exec(text)?.[1];
        const message = /<Message>([\s\S]*?)<\/Message>/.exec(text)?.[1];
        if (code || message)
            return clip([code, message].filter(Boolean).join(': '));
        const visible = (title ?? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')).trim();
        return clip(decodeEntities(visible).replace(/\s+/g, ' ') || 'an HTML page');
    }
    return clip(text.replace(/\s+/g, ' '));
}
function decodeEntities(s) {
    return s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
}
function clip(s) {
    const one = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return one.length > MAX_QUOTE ? `${one.slice(0, MAX_QUOTE)}…` : one;
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}


/***/ }),

/***/ 8197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ ResultsCounter),
/* harmony export */   jq: () => (/* binding */ countsJson)
/* harmony export */ });
/* unused harmony exports ResultsFormatError, countResultsFile */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
// Counts the JSON-lines results by action and reason as the bytes stream by; only one line is ever held.
// Lines in the shape X writes are counted by a byte scan; any other line goes through JSON.parse.

/** A results line that is not a JSON object with string `action` and `reason`. */
class ResultsFormatError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.name = 'ResultsFormatError';
        this.line = line;
    }
}
const READ_CHUNK = (/* unused pure expression or super */ null && (1 << 20));
/** A line that is not in the fast shape: parse it with JSON.parse. */
const SLOW = -1;
/** Distinct values per key remembered as bytes; past this, values are decoded each time. */
const MAX_CACHED = 32;
/**
 * Counts of one key's values. Values seen so far are kept as bytes, so a line whose value equals one
 * of them is counted without decoding a string. The Map holds the counts in first-seen order; the
 * cached counts are added to it by flush().
 */
class Tally {
    decoder;
    map = new Map();
    bytes = [];
    keys = [];
    counts = [];
    constructor(decoder) {
        this.decoder = decoder;
    }
    /** Counts the value held in buf[from, to): raw bytes of a JSON string without escapes. */
    addBytes(buf, from, to) {
        const len = to - from;
        const cached = this.bytes;
        search: for (let k = 0; k < cached.length; k++) {
            const c = cached[k];
            if (c.length !== len)
                continue;
            for (let j = 0; j < len; j++)
                if (c[j] !== buf[from + j])
                    continue search;
            this.counts[k]++;
            return;
        }
        const key = this.decoder.decode(buf.subarray(from, to));
        if (cached.length < MAX_CACHED) {
            if (!this.map.has(key))
                this.map.set(key, 0); // first-seen order
            cached.push(new Uint8Array(buf.subarray(from, to))); // a copy: buf is reused
            this.keys.push(key);
            this.counts.push(1);
        }
        else
            this.add(key);
    }
    add(key) {
        this.map.set(key, (this.map.get(key) ?? 0) + 1);
    }
    flush() {
        for (let k = 0; k < this.keys.length; k++) {
            if (this.counts[k] === 0)
                continue;
            this.map.set(this.keys[k], (this.map.get(this.keys[k]) ?? 0) + this.counts[k]);
            this.counts[k] = 0;
        }
    }
}
class ResultsCounter {
    label;
    decoder = new TextDecoder('utf-8');
    // Maps keep first-seen order and are safe for keys like "__proto__".
    // A value's bytes are decoded alone: a BOM at its start is part of the value, not a marker.
    valueDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
    actions = new Tally(this.valueDecoder);
    reasons = new Tally(this.valueDecoder);
    pending = [];
    line = 0;
    total = 0;
    ended = false;
    /** `label` names the file in errors, e.g. `results file "/tmp/x.jsonl"`. */
    constructor(options = {}) {
        this.label = options.label ?? 'results file';
    }
    /** Accepts any split of the bytes, even inside a multi-byte character: lines are cut at LF only. */
    push(chunk) {
        if (this.ended)
            throw new Error('ResultsCounter.push called after end()');
        const lastLf = chunk.lastIndexOf(0x0a);
        if (lastLf === -1) {
            // Copy, as the caller may reuse its buffer (Buffer#slice would not copy).
            if (chunk.length > 0)
                this.pending.push(new Uint8Array(chunk));
            return;
        }
        let start = 0;
        if (this.pending.length > 0) {
            const nl = chunk.indexOf(0x0a);
            this.pending.push(chunk.subarray(0, nl));
            const bytes = concat(this.pending);
            this.pending = [];
            this.countLine(bytes, 0, bytes.length);
            start = nl + 1;
        }
        // Every line from here to lastLf ends with an LF inside the chunk, which stops every scan.
        while (start <= lastLf) {
            const next = this.fastLine(chunk, start);
            if (next !== SLOW) {
                start = next;
                continue;
            }
            const nl = chunk.indexOf(0x0a, start);
            this.countLine(chunk, start, nl);
            start = nl + 1;
        }
        if (start < chunk.length)
            this.pending.push(new Uint8Array(chunk.subarray(start)));
    }
    end() {
        if (!this.ended) {
            this.ended = true;
            if (this.pending.length > 0) {
                const last = concat(this.pending);
                this.pending = [];
                this.countLine(last, 0, last.length);
            }
            this.actions.flush();
            this.reasons.flush();
        }
        return {
            total: this.total,
            byAction: toRecord(this.actions.map),
            byReason: toRecord(this.reasons.map)
        };
    }
    /**
     * The fast path, without JSON.parse: a line that is exactly a flat JSON object of string values
     * with no whitespace between tokens, no escapes and no control characters (what X writes), then
     * optional spaces, tabs or CR, then LF. Such a line is valid JSON, so counting its "action" and
     * "reason" (the last of each, as JSON.parse would) is exact. Anything else returns SLOW and goes
     * through countLine, which parses it with JSON.parse and reports errors. The caller guarantees an
     * LF at or after `from` in buf; every scan stops there, so no bounds checks are needed.
     * Returns the start of the next line.
     */
    fastLine(buf, from) {
        let i = from;
        let b = buf[i];
        if (b === 0x0a) {
            this.line++; // an empty line
            return i + 1;
        }
        if (b !== 0x7b)
            return SLOW; // {
        i++;
        let actionAt = -1;
        let actionEnd = -1;
        let reasonAt = -1;
        let reasonEnd = -1;
        for (;;) {
            // "key"
            if (buf[i] !== 0x22)
                return SLOW;
            const keyAt = ++i;
            i = stringEnd(buf, i);
            if (i === SLOW)
                return SLOW;
            const keyEnd = i++;
            // :"value"
            if (buf[i] !== 0x3a || buf[i + 1] !== 0x22)
                return SLOW;
            const valueAt = (i += 2);
            i = stringEnd(buf, i);
            if (i === SLOW)
                return SLOW;
            if (keyEnd - keyAt === 6) {
                if (isKey(buf, keyAt, ACTION)) {
                    actionAt = valueAt;
                    actionEnd = i;
                }
                else if (isKey(buf, keyAt, REASON)) {
                    reasonAt = valueAt;
                    reasonEnd = i;
                }
            }
            b = buf[++i];
            i++;
            if (b === 0x2c)
                continue; // ,
            if (b === 0x7d)
                break; // }
            return SLOW;
        }
        for (;;) {
            b = buf[i++];
            if (b === 0x0a)
                break;
            if (b !== 0x20 && b !== 0x09 && b !== 0x0d)
                return SLOW;
        }
        if (actionAt < 0 || reasonAt < 0)
            return SLOW; // countLine reports what is missing
        this.line++;
        this.total++;
        this.actions.addBytes(buf, actionAt, actionEnd);
        this.reasons.addBytes(buf, reasonAt, reasonEnd);
        return i;
    }
    /** One line in buf[from, to) (without its LF), parsed with JSON.parse. */
    countLine(buf, from, to) {
        this.line++;
        if (isBlank(buf, from, to))
            return;
        let value;
        try {
            value = JSON.parse(this.decoder.decode(buf.subarray(from, to)));
        }
        catch {
            // JSON.parse's message quotes the line, which holds IDs: do not pass it on.
            throw this.formatError('is not valid JSON');
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw this.formatError('is not a JSON object');
        }
        const { action, reason } = value;
        if (typeof action !== 'string')
            throw this.formatError('has no string "action"');
        if (typeof reason !== 'string')
            throw this.formatError('has no string "reason"');
        this.total++;
        this.actions.add(action);
        this.reasons.add(reason);
    }
    formatError(what) {
        return new ResultsFormatError(`${this.label} line ${this.line} ${what}: each line of X's compliance results must be a JSON object with string "action" and "reason". The file may be truncated or not a compliance results file; download the results again.`, this.line);
    }
}
/**
 * The closing quote of a JSON string whose contents start at i, or SLOW if the contents hold a
 * backslash or a control character (an LF included, which ends every scan).
 */
function stringEnd(buf, i) {
    for (;;) {
        const b = buf[i];
        // Most bytes are above the quote and not a backslash: one test each.
        if (b > 0x22 && b !== 0x5c)
            i++;
        else if (b === 0x22)
            return i;
        else if (b === 0x20 || b === 0x21)
            i++;
        else
            return SLOW;
    }
}
const ACTION = [0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e]; // action
const REASON = [0x72, 0x65, 0x61, 0x73, 0x6f, 0x6e]; // reason
function isKey(buf, at, key) {
    return (buf[at] === key[0] &&
        buf[at + 1] === key[1] &&
        buf[at + 2] === key[2] &&
        buf[at + 3] === key[3] &&
        buf[at + 4] === key[4] &&
        buf[at + 5] === key[5]);
}
/**
 * Compact `{"total":N,"by_action":{...},"by_reason":{...}}` with no zero-valued keys, keys in the
 * record's order (first-seen from ResultsCounter; JS puts integer-like keys first, which X never uses).
 */
function countsJson(c) {
    return `{"total":${c.total},"by_action":${compact(c.byAction)},"by_reason":${compact(c.byReason)}}`;
}
async function countResultsFile(path) {
    const label = `results file ${JSON.stringify(path)}`;
    const counter = new ResultsCounter({ label });
    let fh;
    try {
        fh = await open(path, 'r');
    }
    catch (e) {
        throw readError(label, e);
    }
    // Two buffers: the next chunk is read while this one is counted (push copies what it keeps).
    const bufs = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)];
    const read = (buf, pos) => fh.read(buf, 0, buf.length, pos).then(r => r.bytesRead, (e) => {
        throw readError(label, e);
    });
    let ahead = read(bufs[0], 0);
    try {
        for (let pos = 0, slot = 0;; slot ^= 1) {
            const n = await ahead;
            ahead = undefined;
            if (n === 0)
                break;
            ahead = read(bufs[slot ^ 1], pos + n);
            counter.push(bufs[slot].subarray(0, n));
            pos += n;
        }
    }
    finally {
        // A read still in flight must end before the file is closed (and its error is not news).
        await ahead?.catch(() => undefined);
        await fh.close().catch(() => undefined);
    }
    return counter.end();
}
function readError(label, e) {
    // fs errors may come from another realm (jest vm), so no instanceof.
    const m = e?.message;
    return new Error(`${label} cannot be read: ${typeof m === 'string' ? m : String(e)}`, { cause: e });
}
function compact(r) {
    const parts = [];
    for (const k of Object.keys(r)) {
        const v = r[k];
        if (v !== 0)
            parts.push(`${JSON.stringify(k)}:${v}`);
    }
    return `{${parts.join(',')}}`;
}
function toRecord(m) {
    // Null prototype: a reason such as "__proto__" or "constructor" stays an ordinary key.
    const r = Object.create(null);
    for (const [k, v] of m)
        r[k] = v;
    return r;
}
function isBlank(bytes, from, to) {
    for (let i = from; i < to; i++) {
        const b = bytes[i];
        if (b !== 0x20 && b !== 0x09 && b !== 0x0d)
            return false;
    }
    return true;
}
function concat(parts) {
    let len = 0;
    for (const p of parts)
        len += p.length;
    const out = new Uint8Array(len);
    let off = 0;
    for (const p of parts) {
        out.set(p, off);
        off += p.length;
    }
    return out;
}


/***/ }),

/***/ 3371:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I: () => (/* binding */ JobEndedError),
  z: () => (/* binding */ runCompliance)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/compliance/inputs.ts
var compliance_inputs = __webpack_require__(3874);
// EXTERNAL MODULE: ./src/action/log.ts
var action_log = __webpack_require__(8592);
// EXTERNAL MODULE: ./src/upload/crc32c.ts
var crc32c = __webpack_require__(3525);
// EXTERNAL MODULE: ./src/upload/gcs-resumable.ts
var gcs_resumable = __webpack_require__(6615);
// EXTERNAL MODULE: ./src/compliance/client.ts
var compliance_client = __webpack_require__(7420);
// EXTERNAL MODULE: ./src/compliance/model.ts
var model = __webpack_require__(9562);
// EXTERNAL MODULE: ./src/compliance/poll.ts
var poll = __webpack_require__(2606);
;// CONCATENATED MODULE: ./src/compliance/lifecycle.ts
// A job's lifecycle around the upload: which job to work on (state file, job-id, or a new one, handling the
// active job), and what a run that fails before its upload completed does with it (keep it, or cancel it).



/** The job to work on: the state file's, job-id's, or a new one (handling an active job as on-active-job says). */
async function acquireJob(inputs, state, client, publish, deps, report) {
    const { log } = deps;
    const attachId = state?.job.id ?? inputs.jobId;
    if (attachId) {
        const job = publish(await client.get(attachId));
        report.keepJob = state ? 'state-file' : 'job-id';
        if (job.type !== inputs.type) {
            throw new compliance_inputs/* InputError */.dz('job-id', `job-id ${job.id} is a ${job.type} job, but type is ${inputs.type}: set type to ${job.type} or use another job.`);
        }
        log.info(`${state ? `Continuing from state-file: ` : 'Attached to '}${job.type} job ${job.id} (status ${job.status})`);
        return job;
    }
    report.jobName = inputs.jobName || undefined;
    for (let attempt = 0;; attempt++) {
        try {
            const job = publish(await client.create(inputs.type, inputs.jobName));
            report.createdByUs = true;
            if (inputs.stateFile)
                report.keepJob = 'state-file';
            log.info(`Created ${job.type} job ${job.id}${job.name ? ` "${job.name}"` : ''}; upload URL valid until ${job.upload_expires_at}`);
            return job;
        }
        catch (err) {
            if (!(err instanceof compliance_client/* ActiveJobError */.Wq) || inputs.onActiveJob === 'fail' || attempt >= 3) {
                if (err instanceof compliance_client/* ActiveJobError */.Wq && inputs.onActiveJob === 'fail') {
                    err.message += `. Set on-active-job: wait to wait for it, or on-active-job: cancel to cancel it (or cancel it yourself: DELETE /2/compliance/jobs/${err.active.id}).`;
                }
                throw err;
            }
            const active = err.active;
            if (inputs.onActiveJob === 'cancel') {
                log.warning(`Cancelling the active ${active.type} job ${active.id} (status ${active.status}), as on-active-job: cancel says`);
                await client.cancel(active.id);
            }
            else {
                log.info(`Waiting for the active ${active.type} job ${active.id} (status ${active.status}) to finish, as on-active-job: wait says`);
                const done = await (0,poll/* pollUntilDone */.Ar)({
                    get: () => client.get(active.id),
                    first: active,
                    intervalMs: inputs.pollIntervalSeconds * 1000,
                    timeoutMs: inputs.waitTimeoutMinutes * 60_000,
                    clock: deps.clock,
                    signal: deps.signal,
                    onStatus: j => log.info(`Active job ${j.id}: ${j.status}`)
                });
                log.info(`The active job ${active.id} ended with status ${done.job.status}; creating ours`);
            }
        }
    }
}
/**
 * A run that fails before its upload completed must not leave an active job blocking the next run: cancel the
 * job it created, unless it was asked to keep it for resuming (state-file) or the job was given (job-id).
 */
async function keepOrCancel(err, inputs, deps, report) {
    if (!report.jobId || report.uploadDone || err instanceof compliance_client/* ActiveJobError */.Wq)
        return;
    if (report.keepJob === 'state-file') {
        report.rerunHint = `rerun with the same state-file (${inputs.stateFile}) and ids-file to continue job ${report.jobId}'s upload`;
        deps.log.info(`Kept job ${report.jobId} for resuming: ${report.rerunHint}.`);
        return;
    }
    if (report.keepJob === 'job-id') {
        report.rerunHint = `rerun with job-id: ${report.jobId} and ids-file to upload to it again before its upload URL expires`;
        deps.log.info(`Kept job ${report.jobId} (given as job-id): ${report.rerunHint}.`);
        return;
    }
    if (!report.createdByUs)
        return;
    // The run's own signal may be aborted already: the cancel gets a short deadline of its own.
    const cleanup = new compliance_client/* ComplianceClient */.tS({
        baseUrl: inputs.apiBaseUrl,
        token: inputs.bearerToken,
        transport: deps.transport,
        retry: { maxRetries: 1, baseDelayMs: 200 },
        stallTimeoutMs: 3000,
        clock: deps.clock,
        signal: AbortSignal.timeout(4000)
    });
    try {
        await cleanup.cancel(report.jobId);
        report.status = 'failed';
        deps.log.info(`Cancelled job ${report.jobId} so that it does not block the next run (its upload did not complete).`);
    }
    catch (cancelErr) {
        // X refuses to cancel a job that already ended (an expired upload window, say): then nothing blocks.
        const now = await cleanup.get(report.jobId).catch(() => undefined);
        if (now && !(0,poll/* isActive */.$m)(now.status)) {
            report.status = now.status;
            deps.log.info(`Job ${report.jobId} is ${now.status} already; it does not block the next run.`);
            return;
        }
        deps.log.warning(`Job ${report.jobId} could not be cancelled (${deps.log.redact(cancelErr.message)}); ` +
            `it blocks new ${inputs.type} jobs until it expires. Cancel it with DELETE /2/compliance/jobs/${report.jobId}.`);
    }
}

// EXTERNAL MODULE: ./src/compliance/download.ts
var download = __webpack_require__(3479);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/compliance/id-file.ts
// Validates the ID file in one streaming pass and, only when needed, writes an LF-only normalized copy.
// Neither a line nor the file is ever held in memory: a byte state machine runs over ~1 MiB chunks.
// Clean stretches (digits and LFs) are checked four bytes at a time through an Int32Array view of the
// read buffer; the byte state machine only sees the words that hold anything else.





class IdFileError extends Error {
    line;
    constructor(message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'IdFileError';
        if (options.line !== undefined)
            this.line = options.line;
    }
}
const EXCERPT_BYTES = 40;
const DEFAULT_CHUNK = 1 << 20;
const MIN_OUT_BUFFER = 1 << 20;
// The word loop reads bytes in little-endian order; elsewhere only the byte loop runs.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const RULE = 'each line must hold one post or user ID of 1 to 19 digits (0-9); blank lines, CRLF and trailing spaces are fixed automatically.';
// Scanner states.
const S_START = 0; // at the start of a line
const S_DIGITS = 1; // inside the digits of an ID
const S_TRAIL = 2; // digits, then spaces or tabs
const S_WS = 3; // only spaces or tabs so far: a blank line unless something else follows
const S_CR = 4; // just after a CR: an LF here completes a CRLF
const S_BOM1 = 5; // file starts with EF
const S_BOM2 = 6; // file starts with EF BB
// Error kinds.
const E_NONE = 0;
const E_BYTE = 1;
const E_TOO_LONG = 2;
const E_INNER_WS = 3;
const E_LEADING_WS = 4;
class Scanner {
    state = S_START;
    digits = 0;
    line = 1;
    ids = 0;
    lineStart = 0; // file offset of the current line's first byte
    offset = 0; // file offset of buf[0] in the current scan
    bom = false;
    crLines = 0;
    trailing = 0;
    blank = 0;
    emit = false;
    out = new Uint8Array(0);
    outPos = 0;
    err = E_NONE;
    errByte = 0;
    // The first bytes of a line that began in an earlier chunk, kept for the error excerpt.
    carry = new Uint8Array(EXCERPT_BYTES + 1);
    carryLen = 0;
    carryFor = -1;
    /**
     * Scans buf[from, to). Returns where it stopped: `to`, or an error (`err` set), or, when not
     * emitting, the first byte that is not copied verbatim (the caller then starts the copy and rescans
     * from there). Everything lives in locals because this is the hot loop.
     */
    scan(buf, from, to, words) {
        let state = this.state;
        let digits = this.digits;
        let line = this.line;
        let ids = this.ids;
        let lineStart = this.lineStart;
        let bom = this.bom;
        let crLines = this.crLines;
        let trailing = this.trailing;
        let blank = this.blank;
        let o = this.outPos;
        const out = this.out;
        const emit = this.emit;
        const base = this.offset;
        let err = E_NONE;
        let i = from;
        // The byte loop hands over to the word loop at a word boundary at or after this index.
        let slowUntil = from;
        for (; i < to; i++) {
            if ((i & 3) === 0 &&
                i >= slowUntil &&
                words !== undefined &&
                (state === S_DIGITS || state === S_START)) {
                // Word loop: whole aligned words of digits and LFs where every line has 1 to 19 digits. It stops
                // before the first word holding anything else (the byte loop then takes that word), and commits
                // nothing of a word it does not take whole.
                let k = i >> 2;
                const kEnd = to >> 2;
                let d = state === S_DIGITS ? digits : 0;
                let lfs = 0;
                let lastLf = -1;
                while (k < kEnd) {
                    const w = words[k];
                    // Bytes that are not ASCII digits: high bit set (exact per byte, no carries between bytes).
                    const x = w ^ 0x30303030;
                    const other = (((x & 0x7f7f7f7f) + 0x76767676) | x) & 0x80808080;
                    if (other === 0) {
                        if (d + 4 > model/* MAX_ID_DIGITS */.g4)
                            break;
                        d += 4;
                        k++;
                        continue;
                    }
                    // Bytes that are LF: high bit set (exact per byte).
                    const y = w ^ 0x0a0a0a0a;
                    const lf = ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f);
                    if (lf !== other)
                        break;
                    // Little-endian: byte j of the word is bits 8j..8j+7. A line ending here needs 1 to 19 digits.
                    let e = d;
                    let n = 0;
                    let last = -1;
                    if (lf & 0x80) {
                        if (e === 0 || e > model/* MAX_ID_DIGITS */.g4)
                            break;
                        n++;
                        last = 0;
                        e = 0;
                    }
                    else
                        e++;
                    if (lf & 0x8000) {
                        if (e === 0 || e > model/* MAX_ID_DIGITS */.g4)
                            break;
                        n++;
                        last = 1;
                        e = 0;
                    }
                    else
                        e++;
                    if (lf & 0x800000) {
                        if (e === 0 || e > model/* MAX_ID_DIGITS */.g4)
                            break;
                        n++;
                        last = 2;
                        e = 0;
                    }
                    else
                        e++;
                    if (lf < 0) {
                        if (e === 0 || e > model/* MAX_ID_DIGITS */.g4)
                            break;
                        n++;
                        last = 3;
                        e = 0;
                    }
                    else
                        e++;
                    if (e > model/* MAX_ID_DIGITS */.g4)
                        break;
                    d = e;
                    lfs += n;
                    lastLf = (k << 2) + last;
                    k++;
                }
                const stop = k << 2;
                if (stop > i) {
                    ids += lfs;
                    line += lfs;
                    if (lastLf >= 0)
                        lineStart = base + lastLf + 1;
                    state = d > 0 ? S_DIGITS : S_START;
                    digits = d;
                    if (emit) {
                        out.set(buf.subarray(i, stop), o);
                        o += stop - i;
                    }
                    i = stop;
                    if (i >= to)
                        break;
                }
                slowUntil = i + 4;
            }
            const b = buf[i];
            if (b >= 0x30 && b <= 0x39) {
                if (state === S_DIGITS) {
                    if (++digits > model/* MAX_ID_DIGITS */.g4) {
                        err = E_TOO_LONG;
                        break;
                    }
                }
                else if (state === S_START || state === S_CR) {
                    state = S_DIGITS;
                    digits = 1;
                }
                else {
                    err = state === S_TRAIL ? E_INNER_WS : state === S_WS ? E_LEADING_WS : E_BYTE;
                    break;
                }
                if (emit)
                    out[o++] = b;
            }
            else if (b === 0x0a) {
                if (state === S_DIGITS || state === S_TRAIL) {
                    ids++;
                    if (emit)
                        out[o++] = 0x0a;
                }
                else if (state === S_START || state === S_WS) {
                    if (!emit)
                        break;
                    blank++;
                }
                else if (state === S_CR) {
                    // Second half of a CRLF: the line was already ended by the CR.
                    state = S_START;
                    lineStart = base + i + 1;
                    continue;
                }
                else {
                    err = E_BYTE;
                    break;
                }
                line++;
                lineStart = base + i + 1;
                state = S_START;
            }
            else if (b === 0x20 || b === 0x09) {
                if (state === S_DIGITS) {
                    if (!emit)
                        break;
                    trailing++;
                    state = S_TRAIL;
                }
                else if (state === S_START || state === S_CR) {
                    if (!emit)
                        break;
                    state = S_WS;
                }
                else if (state !== S_TRAIL && state !== S_WS) {
                    err = E_BYTE;
                    break;
                }
            }
            else if (b === 0x0d) {
                if (state >= S_BOM1) {
                    err = E_BYTE;
                    break;
                }
                if (!emit)
                    break;
                if (state === S_DIGITS || state === S_TRAIL) {
                    ids++;
                    out[o++] = 0x0a;
                }
                else {
                    blank++;
                }
                crLines++;
                line++;
                lineStart = base + i + 1;
                state = S_CR;
            }
            else if (b === 0xef && base + i === 0) {
                if (!emit)
                    break;
                state = S_BOM1;
            }
            else if (b === 0xbb && state === S_BOM1) {
                state = S_BOM2;
            }
            else if (b === 0xbf && state === S_BOM2) {
                bom = true;
                state = S_START;
                lineStart = base + i + 1;
            }
            else {
                err = E_BYTE;
                break;
            }
        }
        this.state = state;
        this.digits = digits;
        this.line = line;
        this.ids = ids;
        this.lineStart = lineStart;
        this.bom = bom;
        this.crLines = crLines;
        this.trailing = trailing;
        this.blank = blank;
        this.outPos = o;
        this.err = err;
        // Inside a BOM, the culprit is the broken BOM itself, not the byte that broke it.
        if (err !== E_NONE)
            this.errByte = state >= S_BOM1 ? 0xef : buf[i];
        return i;
    }
    /** End of file: a last line without a final LF still counts. */
    finish() {
        const s = this.state;
        if (s === S_DIGITS || s === S_TRAIL) {
            this.ids++;
            if (this.emit)
                this.out[this.outPos++] = 0x0a;
        }
        else if (s === S_WS) {
            this.blank++;
        }
        else if (s === S_BOM1 || s === S_BOM2) {
            this.err = E_BYTE;
            this.errByte = 0xef;
        }
    }
    inLine() {
        return this.state !== S_START && this.state !== S_CR;
    }
    /** After a whole chunk: keep the first bytes of an unfinished line for a later error excerpt. */
    keepLinePrefix(buf, n) {
        if (!this.inLine())
            return;
        if (this.carryFor !== this.lineStart) {
            this.carryFor = this.lineStart;
            this.carryLen = 0;
        }
        const room = this.carry.length - this.carryLen;
        if (room === 0)
            return;
        const from = Math.max(0, this.lineStart - this.offset);
        const take = Math.min(n - from, room);
        this.carry.set(buf.subarray(from, from + take), this.carryLen);
        this.carryLen += take;
    }
}
async function prepareIdFile(path, opts) {
    const input = opts.inputName ?? 'ids-file';
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
        throw new RangeError(`prepareIdFile: chunkSize must be a positive integer, got ${chunkSize}`);
    }
    let fh;
    try {
        fh = await (0,promises_.open)(path, 'r');
    }
    catch (e) {
        throw readError(input, path, e);
    }
    let copy;
    let done = false;
    try {
        const st = await fh.stat().catch((e) => {
            throw readError(input, path, e);
        });
        if (st.isDirectory())
            throw readError(input, path, Object.assign(new Error('directory'), { code: 'EISDIR' }));
        // Two read buffers: the next chunk is read while this one is scanned. Each starts a fresh
        // ArrayBuffer, so an Int32Array view sees its aligned words.
        const slots = [0, 1].map(() => {
            const backing = new ArrayBuffer(Math.ceil(chunkSize / 4) * 4);
            return {
                buf: Buffer.from(backing, 0, chunkSize),
                words: LITTLE_ENDIAN ? new Int32Array(backing) : undefined
            };
        });
        let slot = 0;
        let buf = slots[0].buf;
        const out = Buffer.allocUnsafe(Math.max(MIN_OUT_BUFFER, chunkSize) + chunkSize + 1);
        const sc = new Scanner();
        // The upload's bytes go into the hash as they pass: the file's chunks while it is clean, then what the copy gets.
        const crc = await (0,crc32c/* createCrc32c */.d_)();
        let pos = 0;
        let ahead = readAt(fh, buf, chunkSize, 0, input, path);
        try {
            for (;;) {
                const n = await ahead;
                ahead = undefined;
                if (n === 0)
                    break;
                const { words } = slots[slot];
                buf = slots[slot].buf;
                slot ^= 1;
                ahead = readAt(fh, slots[slot].buf, chunkSize, pos + n, input, path);
                sc.offset = pos;
                let i = sc.scan(buf, 0, n, words);
                if (i < n && sc.err === E_NONE) {
                    // First byte that needs fixing: everything before it is already normalized, so copy it as is.
                    copy = await startCopy(opts.tempDir, input);
                    await copyPrefix(fh, copy, out, pos, input, path);
                    buf.copy(out, 0, 0, i);
                    sc.emit = true;
                    sc.out = out;
                    sc.outPos = i;
                    i = sc.scan(buf, i, n, words);
                }
                if (sc.err !== E_NONE)
                    throw await lineError(sc, input, fh, buf, n, chunkSize, path);
                sc.keepLinePrefix(buf, n);
                pos += n;
                if (!copy)
                    crc.update(buf.subarray(0, n));
                else if (sc.outPos + chunkSize + 1 > out.length) {
                    crc.update(out.subarray(0, sc.outPos));
                    await writeAll(copy, out, sc.outPos, input);
                    sc.outPos = 0;
                }
            }
        }
        finally {
            // A read still in flight must end before the file is closed (and its error is not news).
            await ahead?.catch(() => undefined);
        }
        sc.offset = pos;
        sc.finish();
        if (sc.err !== E_NONE)
            throw await lineError(sc, input, fh, buf, 0, chunkSize, path);
        if (sc.ids === 0) {
            throw new IdFileError(`${input}: ${quote(path)} contains no IDs (${pos} bytes read). Give a text file with one post or user ID of 1 to 19 digits (0-9) per line.`);
        }
        let bytes = pos;
        if (copy) {
            crc.update(out.subarray(0, sc.outPos));
            await writeAll(copy, out, sc.outPos, input);
            bytes = (await copy.fh.stat()).size;
        }
        done = true;
        return {
            uploadPath: copy ? copy.path : path,
            normalized: copy !== undefined,
            ids: sc.ids,
            bytes,
            crc32c: crc.digest(),
            fixes: { bom: sc.bom, crLines: sc.crLines, trailingWhitespaceLines: sc.trailing, blankLines: sc.blank }
        };
    }
    finally {
        await fh.close().catch(() => undefined);
        if (copy) {
            await copy.fh.close().catch(() => undefined);
            // A failed validation must not leave a partial copy behind.
            if (!done)
                await (0,promises_.rm)(copy.path, { force: true }).catch(() => undefined);
        }
    }
}
async function readAt(fh, buf, len, pos, input, path) {
    try {
        return (await fh.read(buf, 0, len, pos)).bytesRead;
    }
    catch (e) {
        throw readError(input, path, e);
    }
}
async function startCopy(tempDir, input) {
    const copyPath = (0,external_node_path_.join)(tempDir, `ids-normalized-${(0,external_node_crypto_.randomUUID)()}.txt`);
    try {
        await (0,promises_.mkdir)(tempDir, { recursive: true });
        return { fh: await (0,promises_.open)(copyPath, 'wx'), path: copyPath };
    }
    catch (e) {
        throw writeError(input, copyPath, e);
    }
}
/** Copies the file's first `end` bytes (already normalized) into the copy, through `out`. */
async function copyPrefix(fh, copy, out, end, input, path) {
    for (let pos = 0; pos < end;) {
        const n = await readAt(fh, out, Math.min(out.length, end - pos), pos, input, path);
        if (n === 0) {
            throw new IdFileError(`${input}: ${quote(path)} got shorter while it was being read. Make sure nothing writes the file while the action runs.`);
        }
        await writeAll(copy, out, n, input);
        pos += n;
    }
}
async function writeAll(copy, out, len, input) {
    try {
        for (let off = 0; off < len;)
            off += (await copy.fh.write(out, off, len - off)).bytesWritten;
    }
    catch (e) {
        throw writeError(input, copy.path, e);
    }
}
function errCode(e) {
    const code = e?.code;
    return typeof code === 'string' ? code : undefined;
}
// fs errors may come from another realm (jest vm), so no instanceof.
function errText(e) {
    const m = e?.message;
    return typeof m === 'string' ? m : String(e);
}
function readError(input, path, e) {
    const code = errCode(e);
    const p = quote(path);
    let msg;
    if (code === 'ENOENT') {
        msg = `${input}: ${p} does not exist (ENOENT). Check the path given in ${input}; a relative path is resolved against GITHUB_WORKSPACE.`;
    }
    else if (code === 'EISDIR') {
        msg = `${input}: ${p} is a directory, not a file. Give the path of a text file with one ID per line.`;
    }
    else if (code === 'EACCES' || code === 'EPERM') {
        msg = `${input}: ${p} cannot be read: permission denied (${code}). Make the file readable by the user running the action.`;
    }
    else if (code === 'ENOTDIR') {
        msg = `${input}: ${p} does not exist: a part of the path is not a directory (ENOTDIR). Check the path given in ${input}.`;
    }
    else {
        msg = `${input}: ${p} cannot be read: ${errText(e)}. Check that the file exists and is readable.`;
    }
    return new IdFileError(msg, { cause: e });
}
function writeError(input, copyPath, e) {
    return new IdFileError(`${input}: could not write the normalized copy ${quote(copyPath)}: ${errText(e)}. The file needs fixing (BOM, CRLF, trailing spaces or blank lines); make the temporary directory writable with free space, or fix the file yourself.`, { cause: e });
}
/** Builds the error for the line the scanner stopped on, reading on only as far as the excerpt needs. */
async function lineError(sc, input, fh, buf, n, chunkSize, path) {
    const max = EXCERPT_BYTES + 1;
    const ex = new Uint8Array(max);
    let len = 0;
    let from = sc.lineStart - sc.offset;
    if (from < 0) {
        len = sc.carryFor === sc.lineStart ? sc.carryLen : 0;
        ex.set(sc.carry.subarray(0, len));
        from = 0;
    }
    let pos = sc.offset;
    let end = n;
    let eol = false;
    while (len < max && !eol) {
        for (let j = from; j < end && len < max; j++) {
            const b = buf[j];
            if (b === 0x0a || b === 0x0d) {
                eol = true;
                break;
            }
            ex[len++] = b;
        }
        if (eol || len >= max || end === 0)
            break;
        pos += end;
        from = 0;
        end = await readAt(fh, buf, chunkSize, pos, input, path);
    }
    const line = sc.line;
    const text = excerpt(ex.subarray(0, Math.min(len, EXCERPT_BYTES)), len > EXCERPT_BYTES);
    const where = `${input} line ${line}`;
    if (line === 1 && len >= 2 && ((ex[0] === 0xff && ex[1] === 0xfe) || (ex[0] === 0xfe && ex[1] === 0xff))) {
        const mark = ex[0] === 0xff ? 'FF FE' : 'FE FF';
        return new IdFileError(`${where}: the file starts with a UTF-16 byte order mark (${mark}), so it is UTF-16 text; ${input} must be UTF-8 or ASCII text with one post or user ID of 1 to 19 digits (0-9) per line. Save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8).`, { line });
    }
    if (sc.err === E_BYTE && sc.errByte === 0) {
        return new IdFileError(`${where}: ${text} contains a NUL byte (0x00): the file looks like UTF-16 or binary, not text; ${input} must be UTF-8 or ASCII text with one post or user ID of 1 to 19 digits (0-9) per line. Save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8).`, { line });
    }
    return new IdFileError(`${where}: ${text} is not an ID (${why(sc)}): ${RULE}`, { line });
}
function why(sc) {
    switch (sc.err) {
        case E_TOO_LONG:
            return 'more than 19 digits';
        case E_INNER_WS:
            return 'a space or tab inside it';
        case E_LEADING_WS:
            return 'a space or tab before it';
        default: {
            const b = sc.errByte;
            if (b >= 0x21 && b <= 0x7e)
                return `it contains ${JSON.stringify(String.fromCharCode(b))}`;
            if (b < 0x20 || b === 0x7f)
                return `it contains the control character 0x${b.toString(16).padStart(2, '0')}`;
            return 'it contains a non-ASCII character';
        }
    }
}
/** Quotes a line's first bytes for a message: lossy UTF-8, control and bidi characters escaped. */
function excerpt(bytes, truncated) {
    // stream: true drops a multi-byte character cut at the end instead of showing U+FFFD.
    const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: truncated });
    return quote(s + (truncated ? '…' : ''));
}
function quote(s) {
    return JSON.stringify(s).replace(/[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

;// CONCATENATED MODULE: ./src/action/progress-log.ts
const EVERY_MS = 5000;
function createProgressLogger(log, clock, total) {
    const start = clock.now();
    let last = start;
    return {
        update(acknowledged, sent) {
            const now = clock.now();
            if (now - last < EVERY_MS)
                return;
            last = now;
            const rate = acknowledged / Math.max(1, now - start) / 1000; // MB/s
            const eta = rate > 0 ? (total - acknowledged) / 1e6 / rate : undefined;
            log.info(`Upload: ${mib(acknowledged)} of ${mib(total)} acknowledged (${percent(acknowledged, total)}), ` +
                `${mib(sent)} sent, ${rate.toFixed(1)} MB/s${eta !== undefined ? `, about ${Math.ceil(eta)} s left` : ''}`);
        },
        done(bytes, elapsedMs) {
            const rate = elapsedMs > 0 ? bytes / 1e6 / (elapsedMs / 1000) : 0;
            log.info(`Upload complete: ${mib(bytes)} acknowledged in ${(elapsedMs / 1000).toFixed(2)} s (${rate.toFixed(1)} MB/s)`);
        }
    };
}
function mib(n) {
    return `${(n / 1048576).toFixed(1)} MiB`;
}
function percent(a, total) {
    return total === 0 ? '100%' : `${Math.floor((a / total) * 100)}%`;
}

;// CONCATENATED MODULE: ./src/compliance/state-file.ts
// The state file lets a killed or cancelled run continue the same job and upload in a new process. Until the
// server has the whole object it holds the upload URL and the session URI (credentials), so it is written
// atomically with mode 0600; after that it holds only what a rerun needs to keep waiting for the job.


const STATE_VERSION = 1;
/** The state once the upload is done: no upload URL, no session URI. */
function uploadedState(state) {
    return {
        version: state.version,
        job: { id: state.job.id, type: state.job.type },
        file: { path: state.file.path, size: state.file.size, crc32c: state.file.crc32c },
        uploaded: true,
        updated_at: state.updated_at
    };
}
/** Whether the state still holds credentials (the upload URL or a session URI). */
function holdsCredentials(state) {
    return state.job.upload_url !== undefined || state.session !== undefined;
}
class StateFileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'StateFileError';
    }
}
/** The state, or undefined when the file does not exist. */
async function readState(file) {
    let text;
    try {
        text = await external_node_fs_.promises.readFile(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return undefined;
        throw new StateFileError(`state-file ${file} cannot be read: ${err.message}`);
    }
    let state;
    try {
        state = JSON.parse(text);
    }
    catch {
        throw new StateFileError(`state-file ${file} is not valid JSON: delete it to start over with a new job.`);
    }
    const ok = state?.version === STATE_VERSION &&
        typeof state.job?.id === 'string' &&
        (state.job.type === 'tweets' || state.job.type === 'users') &&
        typeof state.file?.crc32c === 'string' &&
        typeof state.file?.size === 'number';
    if (!ok) {
        throw new StateFileError(`state-file ${file} is not a state file of this action (version ${STATE_VERSION}): delete it to start over.`);
    }
    return state;
}
/** Writes atomically (temporary file + rename), readable by the owner only. */
async function writeState(file, state) {
    await external_node_fs_.promises.mkdir(external_node_path_.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await external_node_fs_.promises.writeFile(tmp, `${JSON.stringify({ ...state, updated_at: new Date().toISOString() }, null, 2)}\n`, {
        mode: 0o600
    });
    await external_node_fs_.promises.chmod(tmp, 0o600); // the umask may have narrowed it; never widen, but make sure it is not wider
    await external_node_fs_.promises.rename(tmp, file);
}
async function removeState(file) {
    await external_node_fs_.promises.rm(file, { force: true });
}
/**
 * Refuses a state file that belongs to another job or type, or whose upload bytes changed since it was written.
 * Content decides (size and CRC32C of the bytes to upload): touching the file is not a change.
 */
function checkState(state, file, want) {
    if (state.job.type !== want.type) {
        throw new StateFileError(`state-file ${file} belongs to ${state.job.type} job ${state.job.id}, but type is ${want.type}: use another state-file, or delete it.`);
    }
    if (want.jobId && want.jobId !== state.job.id) {
        throw new StateFileError(`state-file ${file} belongs to job ${state.job.id}, but job-id is ${want.jobId}: use another state-file, or delete it.`);
    }
    if (want.upload && (want.upload.size !== state.file.size || want.upload.crc32c !== state.file.crc32c)) {
        throw new StateFileError(`ids-file changed since state-file ${file} was written for job ${state.job.id} ` +
            `(${state.file.size} bytes before, ${want.upload.size} now, or different content): ` +
            `restore the original file to continue, or delete the state file to start over with a new job.`);
    }
}
function writeFailure(file, err) {
    const why = err instanceof Error ? err.message : String(err);
    return new StateFileError(`state-file ${file} cannot be written (${why}), so an interrupted run could not continue from it: ` +
        `make its directory writable, or set state-file to another path (or '' for none).`);
}
/**
 * Keeps the state file current without writing it on every acknowledged chunk. Writes are chained; the first
 * failed one is kept as `failure` and reported once to `onFailure` (the caller stops the upload), so a
 * change recorded from a callback can never become an unhandled rejection.
 */
class StateRecorder {
    file;
    state;
    opts;
    pending = Promise.resolve();
    lastWrite = 0;
    dirty = true; // the initial state is not on disk yet
    failure;
    listener;
    constructor(file, state, opts = {}) {
        this.file = file;
        this.state = state;
        this.opts = opts;
    }
    /** Called once, with the first failed write (at once if one failed already). */
    onFailure(listener) {
        this.listener = listener;
        if (this.failure)
            listener(this.failure);
    }
    get current() {
        return this.state;
    }
    /**
     * Records a change; written at once when it matters (a new session), else at most every minGapMs. The
     * promise never rejects: a failed write shows as `failure` and through `onFailure`.
     */
    update(change, urgent = false) {
        this.state = { ...this.state, ...change };
        this.dirty = true;
        const now = (this.opts.now ?? Date.now)();
        if (urgent || now - this.lastWrite >= (this.opts.minGapMs ?? 250))
            this.schedule();
        return this.pending;
    }
    /** Writes what is recorded and waits for it; rejects with the first write failure, if any. */
    async flush() {
        this.schedule();
        await this.pending;
        if (this.failure)
            throw this.failure;
    }
    /** The server has the whole object: keep only what a rerun needs to wait for the job. */
    async finish() {
        this.state = uploadedState(this.state);
        this.dirty = true;
        await this.flush();
    }
    schedule() {
        if (!this.dirty || this.failure)
            return;
        this.dirty = false;
        this.lastWrite = (this.opts.now ?? Date.now)();
        const snapshot = this.state;
        this.pending = this.pending.then(async () => {
            if (this.failure)
                return;
            try {
                await writeState(this.file, snapshot);
            }
            catch (err) {
                this.failure = writeFailure(this.file, err);
                this.listener?.(this.failure);
            }
        });
    }
}

;// CONCATENATED MODULE: ./src/compliance/workflow.ts
// The compliance job end to end: ID file, create or attach, resumable upload, wait, download.













class JobEndedError extends Error {
    constructor(job) {
        super(`job ${job.id} ended with status ${job.status}${job.error ? `: ${job.error}` : ''}`);
        this.name = 'JobEndedError';
    }
}
async function runCompliance(inputs, deps, report) {
    const { log } = deps;
    const retry = { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs };
    const stallTimeoutMs = inputs.requestTimeoutSeconds * 1000;
    const onRetry = (what) => (e) => {
        report.faultsRecovered++;
        log.info(`Retrying ${what} after ${e.reason} (attempt ${e.attempt}, waiting ${seconds(e.delayMs)})`);
    };
    // All input checks, the ID file included, come before the first request.
    const idFile = inputs.idsFile ? await checkIdFile(inputs.idsFile, deps) : undefined;
    try {
        await runJob(inputs, deps, report, idFile, retry, stallTimeoutMs, onRetry);
    }
    finally {
        // The normalized copy is as large as the ID file: never leave one behind, whatever happened.
        if (idFile?.normalized)
            await external_node_fs_.promises.rm(idFile.uploadPath, { force: true }).catch(() => undefined);
    }
}
async function runJob(inputs, deps, report, idFile, retry, stallTimeoutMs, onRetry) {
    const { log, clock } = deps;
    if (idFile)
        report.idsCount = idFile.ids;
    const client = new compliance_client/* ComplianceClient */.tS({
        baseUrl: inputs.apiBaseUrl,
        token: inputs.bearerToken,
        transport: deps.transport,
        retry,
        stallTimeoutMs,
        clock,
        signal: deps.signal,
        onRetry: (what, e) => onRetry(what)(e),
        onRateLimitWait: (what, ms) => log.info(`Rate limit reached: waiting ${seconds(ms)} before ${what}`),
        onJob: job => {
            if (job.upload_url)
                (0,action_log/* maskUrl */.y)(log, job.upload_url);
            if (job.download_url)
                (0,action_log/* maskUrl */.y)(log, job.download_url);
        }
    });
    const publish = (job) => {
        report.jobId = job.id;
        report.status = job.status;
        report.jobName = job.name ?? report.jobName;
        report.downloadUrl = job.download_url || undefined;
        report.downloadExpiresAt = job.download_expires_at || undefined;
        deps.onJob(job);
        return job;
    };
    // A state file from an interrupted run names the job to continue; check it before any request.
    const state = inputs.stateFile ? await readState(inputs.stateFile) : undefined;
    const upload = idFile && inputs.stateFile ? { size: idFile.bytes, crc32c: idFile.crc32c } : undefined;
    if (state)
        checkState(state, inputs.stateFile, { type: inputs.type, jobId: inputs.jobId, upload });
    let job;
    try {
        job = await acquireJob(inputs, state, client, publish, deps, report);
        let recorder;
        if (inputs.stateFile && idFile && upload && job.status === 'created') {
            recorder = new StateRecorder(inputs.stateFile, {
                version: 1,
                job: {
                    id: job.id,
                    type: job.type,
                    upload_url: job.upload_url,
                    upload_expires_at: job.upload_expires_at
                },
                session: state?.job.id === job.id ? state.session : undefined,
                file: { path: inputs.idsFile, ...upload },
                updated_at: ''
            });
            await recorder.flush();
            log.info(`State file ${inputs.stateFile} records job ${job.id}: rerun with it to continue after an interruption`);
        }
        if (job.status === 'created') {
            if (!idFile) {
                throw new compliance_inputs/* InputError */.dz('ids-file', `job ${job.id} is waiting for its upload (status created), and ids-file is empty: set ids-file to upload the IDs.`);
            }
            await uploadIds(job, idFile, inputs, deps, report, onRetry, recorder);
            if (!inputs.wait)
                job = publish(await client.get(job.id));
        }
        else {
            report.uploadDone = true;
            // A state file written before the upload was done holds credentials it no longer needs.
            if (state && holdsCredentials(state))
                await rewriteState(inputs.stateFile, uploadedState(state));
        }
    }
    catch (err) {
        await keepOrCancel(err, inputs, deps, report);
        throw err;
    }
    if (inputs.wait && (0,poll/* isActive */.$m)(job.status)) {
        log.info(`Waiting for job ${job.id} (status ${job.status}); polling every ${inputs.pollIntervalSeconds} s or more`);
        const done = await (0,poll/* pollUntilDone */.Ar)({
            get: () => client.get(job.id),
            first: job,
            intervalMs: inputs.pollIntervalSeconds * 1000,
            timeoutMs: inputs.waitTimeoutMinutes * 60_000,
            clock,
            signal: deps.signal,
            onStatus: (j, waited) => {
                publish(j);
                if (!deps.quietProgress)
                    log.info(`Job ${j.id}: ${j.status} (waited ${seconds(waited)})`);
            }
        }).catch(err => {
            report.rerunHint = `rerun with job-id: ${job.id} to continue waiting`;
            throw err;
        });
        report.waitedMs = done.waitedMs;
        job = publish(done.job);
    }
    // The state file lives while the job still needs this run's work (a rerun with it keeps waiting): not after
    // the job ended, nor with wait: false (the run's work ends with the upload), nor when there is nothing to fetch.
    const ended = job.status === 'failed' || job.status === 'expired';
    if (inputs.stateFile && (ended || !inputs.wait || (job.status === 'complete' && !inputs.download)))
        await removeState(inputs.stateFile);
    if (ended)
        throw new JobEndedError(job);
    // wait: false reports the status of one check and never downloads, even when the job happens to be complete.
    if (job.status !== 'complete' || !inputs.download || !inputs.wait)
        return;
    const dest = inputs.resultsFile || (0,compliance_inputs/* defaultResultsFile */.iH)(job.id, deps.env);
    log.info(`Downloading the results of job ${job.id}`);
    const result = await (0,download/* downloadResults */.X)({
        url: job.download_url,
        dest,
        transport: deps.transport,
        retry,
        stallTimeoutMs,
        clock,
        signal: deps.signal,
        onRetry: onRetry('the results download')
    });
    if (inputs.stateFile)
        await removeState(inputs.stateFile);
    report.results = {
        file: result.path,
        count: result.counts.total,
        counts: result.counts,
        bytes: result.bytes
    };
    log.info(`Results: ${result.counts.total} ID(s) need action, written to ${result.path}`);
}
async function rewriteState(file, state) {
    await writeState(file, state).catch(err => {
        throw writeFailure(file, err);
    });
}
async function checkIdFile(idsFile, deps) {
    const report = await prepareIdFile(idsFile, { tempDir: (0,compliance_inputs/* tempRoot */.fQ)(deps.env) });
    if (report.normalized) {
        const f = report.fixes;
        const fixes = [
            f.bom ? 'a UTF-8 BOM' : '',
            f.crLines ? `${f.crLines} CR line ending(s)` : '',
            f.trailingWhitespaceLines ? `${f.trailingWhitespaceLines} line(s) with trailing spaces` : '',
            f.blankLines ? `${f.blankLines} blank line(s)` : ''
        ].filter(Boolean);
        deps.log.notice(`ids-file: normalized ${fixes.join(', ')} in a copy; uploading the copy (${report.ids} IDs).`);
    }
    else {
        deps.log.info(`ids-file: ${report.ids} IDs, ${report.bytes} bytes`);
    }
    deps.log.debug(`ids-file: CRC32C ${report.crc32c} (${(0,crc32c/* crc32cImpl */.xL)()} implementation)`);
    return report;
}
async function uploadIds(job, idFile, inputs, deps, report, onRetry, recorder) {
    const { log, clock } = deps;
    const expires = Date.parse(job.upload_expires_at);
    const expiredMessage = (what) => {
        report.uploadExpired = true;
        return (`${what}: the job's upload URL expired at ${job.upload_expires_at} (upload_expires_at; X gives 15 minutes ` +
            `from creation). Create a new job: run again without job-id.`);
    };
    if (Number.isFinite(expires) && clock.now() >= expires)
        throw new Error(expiredMessage(`cannot upload to job ${job.id}`));
    log.info(`Uploading ${idFile.bytes} bytes (${idFile.ids} IDs) in chunks of up to ${inputs.chunkSize} bytes`);
    const progress = createProgressLogger(log, clock, idFile.bytes);
    // A session URI from the state file is a credential too: masked before the engine can use it.
    const resumeSessionUri = recorder?.current.session?.uri;
    if (resumeSessionUri)
        (0,action_log/* maskUrl */.y)(log, resumeSessionUri);
    // A state file that cannot be written stops the upload: an interruption could no longer be resumed.
    const stop = new AbortController();
    const signal = deps.signal ? AbortSignal.any([deps.signal, stop.signal]) : stop.signal;
    recorder?.onFailure(err => stop.abort(err));
    const result = await (0,gcs_resumable/* uploadResumable */.y4)({
        transport: deps.transport,
        clock,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        chunkSize: inputs.chunkSize,
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        file: { path: idFile.uploadPath, size: idFile.bytes },
        crc32c: idFile.crc32c, // from the validation pass: no second read of the file
        start: { url: job.upload_url, headers: { ...model/* UPLOAD_START_HEADERS */._H } },
        store: {
            resumeUri: resumeSessionUri,
            onSession: uri => {
                (0,action_log/* maskUrl */.y)(log, uri);
                void recorder?.update({ session: { uri, acknowledged: 0 } }, true);
            },
            onAcknowledged: acknowledged => {
                const session = recorder?.current.session;
                if (session)
                    void recorder.update({ session: { ...session, acknowledged } });
            }
        },
        beforeNewSession: reason => {
            if (Number.isFinite(expires) && clock.now() >= expires) {
                throw new Error(expiredMessage(`the upload session was lost (${reason}) and cannot be replaced`));
            }
            log.info(`The upload session was lost (${reason}); starting a new one`);
        },
        onProgress: p => {
            if (!deps.quietProgress)
                progress.update(p.acknowledged, p.sent);
            deps.onUploadProgress?.(p);
        },
        onRetry: e => onRetry(`the upload (${e.phase})`)(e),
        signal
    }).catch(err => {
        throw recorder?.failure ?? err;
    });
    await recorder?.finish();
    progress.done(result.bytes, result.elapsedMs);
    report.uploadDone = true;
    report.bytesUploaded = result.bytes;
    report.upload = {
        bytes: result.bytes,
        elapsedMs: result.elapsedMs,
        sessions: result.sessions,
        requests: result.requests
    };
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}


/***/ })

};
