export const id = 282;
export const ids = [282];
export const modules = {

/***/ 8592:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ createLogger),
/* harmony export */   y: () => (/* binding */ maskUrl)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(143);
// One logger for the action and the CLI. Secrets are redacted from every line it prints; inside GitHub
// Actions they are also registered with ::add-mask:: so the runner hides them from other steps' output.
// Outside Actions no workflow command is printed at all: ::add-mask:: would print the secret itself.

function createLogger(opts) {
    const secrets = new Set();
    let ordered = [];
    const write = opts.write ?? ((line) => process.stdout.write(`${line}\n`));
    const redact = (text) => {
        let out = text;
        for (const s of ordered)
            if (out.includes(s))
                out = out.split(s).join('***');
        return out;
    };
    const add = (s) => {
        if (s.length < 4 || secrets.has(s))
            return false;
        secrets.add(s);
        ordered = [...secrets].sort((a, b) => b.length - a.length);
        return true;
    };
    return {
        inActions: opts.inActions,
        redact,
        mask(secret) {
            // Also the encoded and decoded forms, since a token or URL may be printed either way.
            const forms = new Set([secret, safeDecode(secret), encodeURIComponent(secret)]);
            for (const form of forms) {
                if (add(form) && opts.inActions)
                    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
            }
        },
        info: m => (opts.inActions ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(redact(m)) : write(redact(m))),
        notice: m => (opts.inActions ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .notice */ .lm(redact(m)) : write(`notice: ${redact(m)}`)),
        warning: m => (opts.inActions ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(redact(m)) : write(`warning: ${redact(m)}`)),
        error: m => (opts.inActions ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(redact(m)) : write(`error: ${redact(m)}`)),
        debug: m => {
            if (opts.inActions)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(redact(m));
            else if (opts.debug)
                write(`debug: ${redact(m)}`);
        }
    };
}
/** Masks a signed URL whole and its signature alone (which is what a partial print would leak). */
function maskUrl(log, url) {
    log.mask(url);
    try {
        const u = new URL(url);
        for (const key of ['X-Goog-Signature', 'x-goog-signature', 'upload_id', 'Signature', 'sig']) {
            const v = u.searchParams.get(key);
            if (v)
                log.mask(v);
        }
    }
    catch {
        // not a URL: the whole string is masked already
    }
}
function safeDecode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}


/***/ }),

/***/ 4597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kP: () => (/* binding */ cliMessage),
  cg: () => (/* binding */ cliSignals),
  DY: () => (/* binding */ createUi),
  gg: () => (/* binding */ maskToken),
  RL: () => (/* binding */ publicJob),
  E7: () => (/* binding */ resolveToken),
  PQ: () => (/* binding */ toFlags),
  GC: () => (/* binding */ tokenFileWarning),
  MG: () => (/* reexport */ withSignals)
});

// UNUSED EXPORTS: TOKEN_ENV, exitWhenFlushed

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/compliance/inputs.ts
var inputs = __webpack_require__(3874);
// EXTERNAL MODULE: ./src/action/log.ts
var action_log = __webpack_require__(8592);
// EXTERNAL MODULE: ./src/cli/context.ts
var context = __webpack_require__(5217);
// EXTERNAL MODULE: ./src/cli/exit-codes.ts
var exit_codes = __webpack_require__(8551);
;// CONCATENATED MODULE: ./src/cli/progress-bar.ts
// A one-line progress display for a terminal (stderr): the upload's acknowledged bytes, MB/s and ETA, then the
// job's status while it is polled. Log lines are printed above it. Pure apart from the stream and the clock.
const RATE_WINDOW_MS = 5000;
const MIN_REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[K';
/** `Upload [#####==---]  45%  1.2/2.7 MiB  3.4 MB/s  ETA 0:02` (# acknowledged, = in flight), cut to `width`. */
function renderUpload(v) {
    const fraction = v.total > 0 ? Math.min(1, v.acknowledged / v.total) : 1;
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
    const sizes = `${mib(v.acknowledged)}/${mib(v.total)} MiB`;
    const rate = v.rate !== undefined ? `${(v.rate / 1e6).toFixed(1)} MB/s` : '-- MB/s';
    const eta = v.rate !== undefined && v.rate > 0 ? `ETA ${clock((v.total - v.acknowledged) / v.rate)}` : 'ETA --:--';
    const tail = ` ${pct}  ${sizes}  ${rate}  ${eta}`;
    const barWidth = Math.max(0, Math.min(40, v.width - 'Upload []'.length - tail.length - 1));
    const filled = Math.round(fraction * barWidth);
    const sentFraction = v.total > 0 ? Math.min(1, Math.max(v.sent ?? 0, v.acknowledged) / v.total) : 1;
    const flying = Math.max(0, Math.round(sentFraction * barWidth) - filled);
    const bar = barWidth > 0
        ? ` [${'#'.repeat(filled)}${'='.repeat(flying)}${'-'.repeat(barWidth - filled - flying)}]`
        : '';
    return `Upload${bar}${tail}`.slice(0, Math.max(0, v.width - 1));
}
/** `Job 123: in_progress, waited 1:05`, cut to `width` columns. */
function renderStatus(text, waitedMs, width) {
    const line = waitedMs === undefined ? text : `${text}, waited ${clock(waitedMs / 1000)}`;
    return line.slice(0, Math.max(0, width - 1));
}
/** m:ss, or h:mm:ss past an hour. */
function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const ss = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
function mib(n) {
    return (n / 1048576).toFixed(1);
}
class ProgressBar {
    stream;
    clock;
    line = '';
    shown = false;
    lastDraw = -Infinity;
    samples = [];
    upload;
    statusText;
    statusSince;
    stopped = false;
    constructor(stream, clock) {
        this.stream = stream;
        this.clock = clock;
    }
    /**
     * Bytes the server acknowledged, and the send cursor (the rate follows it: acknowledgements come a chunk at a
     * time); redrawn at most every 100 ms, and always at 100%.
     */
    setUpload(acknowledged, total, sent = acknowledged) {
        const t = this.clock.now();
        this.upload = { acknowledged, sent, total };
        this.statusText = undefined;
        // After a fault the cursor moves back to the server's offset: measure afresh from there.
        if (sent < (this.samples.at(-1)?.bytes ?? 0))
            this.samples = [];
        this.samples.push({ t, bytes: sent });
        while (this.samples.length > 2 && t - this.samples[1].t >= RATE_WINDOW_MS)
            this.samples.shift();
        this.draw(acknowledged >= total);
    }
    /** Bytes per second over the last few seconds, undefined until a fifth of a second has passed. */
    rate() {
        const first = this.samples[0];
        const last = this.samples.at(-1);
        if (!first || !last || last.t - first.t < 200)
            return undefined;
        return ((last.bytes - first.bytes) * 1000) / (last.t - first.t);
    }
    /** A status line (the job being polled); `timed` shows the time since the first status with timed set. */
    setStatus(text, timed = false) {
        if (timed && this.statusSince === undefined)
            this.statusSince = this.clock.now();
        if (!timed)
            this.statusSince = undefined;
        this.statusText = text;
        this.upload = undefined;
        this.draw(true);
    }
    /** Redraws the current line (a timer calls this to move the waited time along). */
    tick() {
        this.draw(false);
    }
    /** Prints a whole line above the bar. */
    log(text) {
        if (this.shown)
            this.stream.write(CLEAR_LINE);
        this.stream.write(`${text}\n`);
        this.shown = false;
        if (!this.stopped && this.line) {
            this.stream.write(this.line);
            this.shown = true;
        }
    }
    /** Removes the bar for good; later log lines print plainly. */
    stop() {
        if (this.shown)
            this.stream.write(CLEAR_LINE);
        this.shown = false;
        this.stopped = true;
        this.line = '';
    }
    draw(force) {
        if (this.stopped)
            return;
        const now = this.clock.now();
        if (!force && now - this.lastDraw < MIN_REDRAW_MS)
            return;
        const width = this.stream.columns || 80;
        let line = '';
        if (this.upload)
            line = renderUpload({ ...this.upload, rate: this.rate(), width });
        else if (this.statusText !== undefined)
            line = renderStatus(this.statusText, this.statusSince === undefined ? undefined : now - this.statusSince, width);
        if (!line)
            return;
        this.lastDraw = now;
        if (line === this.line && this.shown)
            return;
        this.line = line;
        this.stream.write(`${CLEAR_LINE}${line}`);
        this.shown = true;
    }
}

;// CONCATENATED MODULE: ./src/action/signals.ts
// SIGINT/SIGTERM for every entry point, the actions and the CLI alike. The runner cancels a step with SIGINT,
// then SIGTERM 7.5 s later, then SIGKILL: the first signal aborts the work (it stops promptly, cleans up and
// reports), a second one, or the work not stopping within the grace period, exits at once.
/** Within the runner's 7.5 s between SIGINT and SIGTERM. */
const SIGNAL_GRACE_MS = 7000;
/**
 * Runs `work` with SIGINT/SIGTERM turned into an abort: the first signal aborts (the work stops promptly and
 * keeps its job), a second one, or the work not stopping within `graceMs`, exits at once.
 */
async function withSignals(work, opts) {
    const controller = new AbortController();
    let signalled;
    let timer;
    const handler = (sig) => {
        if (signalled)
            return opts.forceExit(sig);
        signalled = sig;
        opts.onSignal?.(sig);
        controller.abort(new Error(`cancelled by ${sig}`));
        timer = setTimeout(() => opts.forceExit(sig), opts.graceMs ?? SIGNAL_GRACE_MS);
        timer.unref();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    try {
        return await work(controller.signal, () => signalled);
    }
    finally {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
        if (timer)
            clearTimeout(timer);
    }
}

;// CONCATENATED MODULE: ./src/cli/common.ts
// What every subcommand shares: the token (X_BEARER_TOKEN or --token-file, never an argument), the logger that
// redacts and prints no workflow command, the terminal progress bar, JSON or human output, and signals.








/** The raw token and where it came from; `''` when none was given (readInputs then explains what is missing). */
async function resolveToken(opts, ctx, envName = context/* TOKEN_ENV */.o4) {
    if (opts.tokenFile !== undefined) {
        const file = external_node_path_.resolve(ctx.cwd, opts.tokenFile);
        let text;
        try {
            text = await external_node_fs_.promises.readFile(file, 'utf8');
        }
        catch (err) {
            throw new inputs/* InputError */.dz('token-file', `--token-file ${file} cannot be read (${err.code ?? err.message}).`);
        }
        const token = text.trim();
        if (!token)
            throw new inputs/* InputError */.dz('token-file', `--token-file ${file} is empty: put the token in it.`);
        return { token, source: `--token-file ${file}` };
    }
    return { token: (ctx.env[envName] ?? '').trim(), source: envName };
}
/** A warning when the token file can be read by others (POSIX modes only). */
async function tokenFileWarning(opts, ctx) {
    if (opts.tokenFile === undefined || process.platform === 'win32')
        return undefined;
    const file = external_node_path_.resolve(ctx.cwd, opts.tokenFile);
    const st = await external_node_fs_.promises.stat(file).catch(() => undefined);
    if (!st || (st.mode & 0o077) === 0)
        return undefined;
    return `the token file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}`;
}
/** readInputs names the action's inputs; on the command line they are flags, and the token is not an input. */
function cliMessage(err, tokenSource) {
    const message = err instanceof Error ? err.message : String(err);
    const input = err.input;
    if (err instanceof Error && err.name === 'InputError' && input === 'bearer-token') {
        if (/is required/.test(message)) {
            return `no bearer token: set ${context/* TOKEN_ENV */.o4} in the environment, or pass --token-file <path> (a file holding the token). It is never taken as an argument.`;
        }
        return `the token from ${tokenSource ?? context/* TOKEN_ENV */.o4} ${message.replace(/^bearer-token /, '')}`;
    }
    return toFlags(message);
}
/** `job-id: 123` and `on-active-job: wait` (the action's YAML) read as flags on the command line. */
function toFlags(message) {
    return message
        .replace(/\b(job-id|on-active-job|ids-file|state-file|results-file): (\S+?)([.,;)]?(\s|$))/g, '--$1 $2$3')
        .replace(/^(type|ids-file|job-name|job-id|api-base-url|wait|poll-interval-seconds|wait-timeout-minutes|download|results-file|chunk-size|max-retries|retry-base-delay-ms|request-timeout-seconds|on-active-job|state-file) /, '--$1 ');
}
function createUi(ctx, opts) {
    const tty = ctx.stderr.isTTY === true && ctx.env.TERM !== 'dumb';
    const bar = tty && opts.bar !== false
        ? new ProgressBar(ctx.stderr, Date)
        : undefined;
    const write = (line) => {
        if (bar)
            bar.log(line);
        else
            ctx.stderr.write(`${line}\n`);
    };
    // Never the Actions logger: outside Actions ::add-mask:: would print the secret itself; this one redacts.
    const log = (0,action_log/* createLogger */.h)({ inActions: false, debug: opts.debug === true, write });
    return {
        log,
        bar,
        json: opts.json === true,
        result(human, json) {
            bar?.stop();
            // JSON is not redacted: download-url is X's signed URL verbatim, as the action's output (callers redact
            // error text themselves; no other field can hold a secret).
            if (opts.json)
                ctx.stdout.write(`${JSON.stringify(json)}\n`);
            else if (human)
                ctx.stdout.write(`${log.redact(human)}${human.endsWith('\n') ? '' : '\n'}`);
        },
        close() {
            bar?.stop();
        }
    };
}

/**
 * withSignals' options for a CLI command: the first signal stops the progress bar and, given `stopping`, says
 * what happens now; a second one, or the grace period, exits once the output is flushed. `signalled()` tells a
 * catch block whether (and by which signal) the work was cancelled.
 */
function cliSignals(ui, opts = {}) {
    let signalled;
    return {
        signalled: () => signalled,
        options: {
            onSignal: (sig) => {
                signalled = sig;
                ui.bar?.stop();
                if (opts.stopping)
                    ui.log.info(`${sig === 'SIGINT' ? 'Interrupted' : `Received ${sig}`}: ${opts.stopping}`);
            },
            graceMs: opts.graceMs,
            forceExit: (sig) => {
                ui.bar?.stop();
                void (0,context/* exitWhenFlushed */.KE)((0,exit_codes/* exitCodeForSignal */.XG)(sig));
            }
        }
    };
}
/** Registers the token with the logger in both forms (with and without a `Bearer ` prefix). */
function maskToken(log, token) {
    if (!token)
        return;
    log.mask(token);
    log.mask(token.replace(/^Bearer\s+/i, ''));
}
/** The job and its public facts: never the upload URL (a credential). */
function publicJob(job) {
    const { upload_url: _u, ...rest } = job;
    return rest;
}


/***/ }),

/***/ 2881:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ systemClock)
/* harmony export */ });
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9955);
// Time, injectable: the retry policy, the poller and the watchdog take a Clock so tests can run on a fake one.

const systemClock = {
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject((0,_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .abortedError */ .ip)(signal));
        const onAbort = () => {
            clearTimeout(timer);
            reject((0,_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .abortedError */ .ip)(signal));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    })
};


/***/ }),

/***/ 9548:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hr: () => (/* binding */ failureReason),
/* harmony export */   UX: () => (/* binding */ jsonRequest),
/* harmony export */   nE: () => (/* binding */ readJsonBody)
/* harmony export */ });
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9955);
// What the JSON API clients (X, Redivis) share: the request they send, reading a JSON answer, and the text of
// a failure below HTTP. Each client keeps its own error class and hints.

/** A request to `baseUrl + path` with the bearer token and a JSON body when one is given. */
function jsonRequest(t, method, path, body) {
    const headers = {
        authorization: `Bearer ${t.token}`,
        accept: 'application/json',
        'user-agent': t.userAgent
    };
    if (body !== undefined)
        headers['content-type'] = 'application/json';
    return {
        method,
        url: `${t.baseUrl}${path}`,
        headers,
        body: body === undefined ? undefined : Buffer.from(body),
        signal: t.signal,
        stallTimeoutMs: t.stallTimeoutMs
    };
}
/** The JSON of an answer ({} when empty); `notJson` makes the error for a body that is not JSON. */
async function readJsonBody(res, notJson) {
    const text = await res.text(16 * 1024 * 1024);
    try {
        return text.trim() === '' ? {} : JSON.parse(text);
    }
    catch {
        throw notJson();
    }
}
/** Why a request failed below HTTP (a refused proxy, a certificate, a code), never a URL; undefined for an abort. */
function failureReason(err) {
    const code = err.code;
    if (code === 'ABORTED' || err.name === 'AbortError')
        return undefined;
    return err instanceof _transport_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr ? err.message : (code ?? err.message ?? String(err));
}


/***/ }),

/***/ 7893:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $d: () => (/* binding */ isRetryableError),
/* harmony export */   En: () => (/* binding */ requestWithRetry),
/* harmony export */   F9: () => (/* binding */ HttpStatusError),
/* harmony export */   OX: () => (/* binding */ RetryState),
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   V$: () => (/* binding */ describeCause),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   i5: () => (/* binding */ RetriesExhaustedError)
/* harmony export */ });
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9955);
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2881);
// One retry policy for every request: which failures are transient, how long to wait, and a budget of
// consecutive failures without progress (it resets when the caller reports progress, as tus-js-client does,
// so a long upload survives many spread-out faults).


function isRetryableStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
// Connection-level failures worth another try. ENOTFOUND is included: CI runners see transient DNS
// failures, and the budget bounds the cost when the name really does not exist.
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'EPIPE',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'ENETDOWN',
    'ERR_STREAM_PREMATURE_CLOSE',
    'STALLED'
]);
function isRetryableError(err) {
    if (!(err instanceof _transport_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr))
        return false;
    return RETRYABLE_CODES.has(err.code);
}
/** Retry-After as a delay from `now`: delta-seconds or an HTTP date; undefined when absent or invalid. */
function retryAfterMs(headers, now) {
    const value = headers.get('retry-after')?.trim();
    if (!value)
        return undefined;
    if (/^\d+$/.test(value))
        return Number(value) * 1000;
    const date = Date.parse(value);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
/** A retryable HTTP status, used as the cause of a failure. */
class HttpStatusError extends Error {
    status;
    constructor(status) {
        super(`the server answered HTTP ${status}`);
        this.name = 'HttpStatusError';
        this.status = status;
    }
}
/** A short description of a failure cause for events and messages (never contains a URL). */
function describeCause(cause) {
    if (cause instanceof _transport_js__WEBPACK_IMPORTED_MODULE_0__/* .NetworkError */ .Dr)
        return cause.code === 'STALLED' ? cause.message : `network error ${cause.code}`;
    if (cause instanceof HttpStatusError)
        return `HTTP ${cause.status}`;
    if (cause instanceof Error)
        return cause.message;
    return String(cause);
}
class RetriesExhaustedError extends Error {
    attempts;
    lastCause;
    constructor(attempts, lastCause) {
        super(`gave up after ${attempts} consecutive failures without progress (last: ${describeCause(lastCause)}); ` +
            'the server or the network kept failing: try again later, or allow more retries', { cause: lastCause });
        this.name = 'RetriesExhaustedError';
        this.attempts = attempts;
        this.lastCause = lastCause;
    }
}
const DEFAULT_MAX_DELAY_MS = 32_000;
const MAX_JITTER_MS = 1000;
class RetryState {
    config;
    clock;
    failures = 0;
    recovered = 0;
    maxDelayMs;
    constructor(config, clock = _clock_js__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m) {
        this.config = config;
        this.clock = clock;
        this.maxDelayMs = config.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    }
    get consecutiveFailures() {
        return this.failures;
    }
    /** Failures that were followed by a retry ("faults recovered"). */
    get totalRecovered() {
        return this.recovered;
    }
    /**
     * Record a failure without progress and return the delay before the next try. The delay is the
     * exponential backoff (base, doubling, capped), never below floorMs, plus jitter that only ever adds.
     * Throws RetriesExhaustedError when failures exceed maxRetries.
     */
    failure(cause, floorMs = 0) {
        this.failures++;
        if (this.failures > this.config.maxRetries)
            throw new RetriesExhaustedError(this.failures, cause);
        this.recovered++;
        const { baseDelayMs } = this.config;
        const backoff = Math.min(baseDelayMs * 2 ** (this.failures - 1), this.maxDelayMs);
        const jitter = this.clock.random() * Math.min(baseDelayMs, MAX_JITTER_MS);
        return Math.ceil(Math.max(backoff, floorMs) + jitter);
    }
    /** The server's offset advanced: the consecutive-failure count starts again. */
    progress() {
        this.failures = 0;
    }
}
/**
 * Send a request until it gets a response that is not retryable (2xx, 3xx, 4xx other than 408/429),
 * backing off between tries and disposing the responses it retries. Non-retryable errors are rethrown;
 * RetriesExhaustedError when the budget runs out.
 *
 * It never calls state.progress(): only the caller knows whether an answer means progress (a 308 that
 * repeats the same offset does not), so a budget shared by several requests stays honest.
 */
async function requestWithRetry(transport, req, opts) {
    const { state, signal } = opts;
    const clock = opts.clock ?? _clock_js__WEBPACK_IMPORTED_MODULE_1__/* .systemClock */ .m;
    for (;;) {
        if (signal?.aborted)
            throw (0,_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .abortedError */ .ip)(signal);
        if (opts.beforeAttempt) {
            await opts.beforeAttempt();
            if (signal?.aborted)
                throw (0,_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .abortedError */ .ip)(signal);
        }
        const request = typeof req === 'function' ? req() : req;
        let cause;
        let floorMs = 0;
        try {
            const res = await transport({ ...request, signal: request.signal ?? signal });
            if (!isRetryableStatus(res.status))
                return res;
            floorMs = Math.max(retryAfterMs(res.headers, clock.now()) ?? 0, opts.delayFloorMs?.(res) ?? 0);
            cause = new HttpStatusError(res.status);
            await res.dispose();
        }
        catch (err) {
            if (!isRetryableError(err))
                throw err;
            cause = err;
        }
        const delayMs = state.failure(cause, floorMs);
        opts.onRetry?.({ attempt: state.consecutiveFailures, delayMs, reason: describeCause(cause) });
        await clock.sleep(delayMs, signal);
    }
}


/***/ }),

/***/ 9955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Dr: () => (/* reexport */ NetworkError),
  ip: () => (/* reexport */ abortedError),
  oO: () => (/* binding */ createTransport)
});

// UNUSED EXPORTS: BODY_POOL_SLICES, httpTransport, readText, sliceSize, toNetworkError

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
;// CONCATENATED MODULE: ./src/net/network-error.ts
// Failures below HTTP, with the errno-style code the retry policy classifies.
/** A failure below HTTP: `code` is an errno-style code, 'STALLED' (our watchdog) or 'ABORTED' (caller). */
class NetworkError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.name = 'NetworkError';
        this.code = code;
    }
}
function abortedError(signal) {
    return new NetworkError('ABORTED', 'the request was cancelled', { cause: signal?.reason });
}
/** Wrap an error from node's net/http/tls layers as a NetworkError carrying its real code, if it has one. */
function toNetworkError(err) {
    if (err instanceof NetworkError)
        return err;
    const code = findCode(err);
    if (code === undefined)
        return undefined;
    const detail = err instanceof Error && err.message ? `: ${err.message}` : '';
    return new NetworkError(code, `the connection failed (${code})${detail}`, { cause: err });
}
function findCode(err, depth = 0) {
    if (depth > 8 || typeof err !== 'object' || err === null)
        return undefined;
    const e = err;
    if (typeof e.code === 'string' && e.code !== '')
        return e.code;
    if (Array.isArray(e.errors) && e.errors.length > 0)
        return findCode(e.errors[0], depth + 1);
    return findCode(e.cause, depth + 1);
}

// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js
var lib = __webpack_require__(2779);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __webpack_require__(9783);
// EXTERNAL MODULE: ./src/net/loopback.ts
var loopback = __webpack_require__(1830);
;// CONCATENATED MODULE: ./src/net/proxy.ts
// Forward proxies for self-hosted runners, with the semantics of every toolkit action (actions/checkout,
// actions/cache): `@actions/http-client` decides from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (and their lower-case forms,
// which win) and hands out the tunnelling agent (CONNECT, also for http:// targets). Ours, on top:
// - the loopback check runs first, so loopback is always direct (the sandbox, tests);
// - a malformed or non-http proxy variable fails the run at once, naming the variable (http-client would silently
//   go direct, or speak HTTP to a SOCKS proxy);
// - a refused CONNECT is told apart: 407 and other 4xx are final (the tunnel library reports them as ECONNRESET,
//   which would be retried).
// Proxy credentials are never printed.




const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
/**
 * Parses a proxy variable's value. It must name its scheme: http-client reads `proxy.corp:3128` as the scheme
 * `proxy.corp:` and would silently go direct.
 */
function parseProxyUrl(variable, value) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
    if (scheme === undefined) {
        throw new Error(`${variable} names no scheme: write it as http://host:port (e.g. http://proxy.example.com:3128)`);
    }
    if (scheme !== 'http' && scheme !== 'https') {
        throw new Error(`${variable} uses ${scheme}: proxies, which are not supported: use an http:// proxy`);
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new Error(`${variable} is not a valid proxy URL: use e.g. http://proxy.example.com:3128`);
    }
    if (!url.hostname)
        throw new Error(`${variable} names no proxy host`);
    return url;
}
/** Throws, without quoting the value (it may hold credentials), when a proxy variable is not a usable URL. */
function checkProxyVariables(env = process.env) {
    for (const variable of PROXY_VARIABLES) {
        const value = env[variable]?.trim();
        if (value)
            parseProxyUrl(variable, value);
    }
}
/** The proxy as it may be printed: scheme, host and port, never credentials, path or query. */
function describeProxy(proxy) {
    return `${proxy.protocol}//${proxy.host}`;
}
/** The proxy a request to `url` goes through, or undefined for a direct connection. */
function proxyFor(url) {
    if ((0,loopback/* isLoopbackHost */.c)(url.hostname))
        return undefined;
    const proxy = (0,lib_proxy/* getProxyUrl */.s)(url);
    return proxy?.hostname ? proxy : undefined;
}
// One client per target scheme: http-client caches one agent per client, whatever the scheme it was made for.
const clients = new Map();
/** http-client's tunnelling agent for a request to `url` through its proxy. */
function proxyAgent(url) {
    let client = clients.get(url.protocol);
    if (!client) {
        client = new lib/* HttpClient */.Qq('x-compliance');
        clients.set(url.protocol, client);
    }
    return withBufferFreeAuth(client.getAgent(url.href));
}
/**
 * The tunnel library behind http-client encodes proxy credentials with the deprecated `new Buffer()`, which makes
 * Node print a DEP0005 warning on the step's log (actions/http-client#36). Send the same Proxy-Authorization
 * header from its request hook instead. Without those internals the agent is used as it is.
 */
function withBufferFreeAuth(agent) {
    const t = agent;
    const auth = t.proxyOptions?.proxyAuth;
    const request = t.request;
    if (!auth || typeof request !== 'function')
        return agent;
    delete t.proxyOptions.proxyAuth;
    const header = `Basic ${Buffer.from(auth).toString('base64')}`;
    t.request = (options, ...rest) => request({ ...options, headers: { ...options.headers, 'Proxy-Authorization': header } }, ...rest);
    return agent;
}
/** A failed request through `proxy` as a NetworkError: a refused CONNECT is final, anything else as it came. */
function proxyFailure(err, proxy) {
    const message = err instanceof Error ? err.message : '';
    const status = /tunneling socket could not be established, statusCode=(\d{3})/.exec(message)?.[1];
    if (status === '407') {
        return new NetworkError('PROXY_AUTH', `the proxy ${describeProxy(proxy)} refused the request (407 Proxy Authentication Required): ` +
            'give its credentials in the proxy URL (http://user:password@host:port)', { cause: err });
    }
    if (status?.startsWith('4')) {
        return new NetworkError('PROXY_REFUSED', `the proxy ${describeProxy(proxy)} refused the connection (HTTP ${status}): check its access rules`, { cause: err });
    }
    const cause = /tunneling socket could not be established, cause=(.*)$/.exec(message)?.[1];
    if (cause !== undefined) {
        const code = /\b(E[A-Z_]+)\b/.exec(cause)?.[1] ?? 'ECONNRESET';
        return new NetworkError(code, `the connection to the proxy ${describeProxy(proxy)} failed (${code}): ${scrub(cause, proxy)}`, { cause: err });
    }
    return undefined;
}
/** Strips anything URL-like and the proxy's credentials from a message before it is shown. */
function scrub(message, proxy) {
    let m = message.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '<url>');
    for (const secret of [proxy.username, proxy.password]) {
        if (!secret)
            continue;
        for (const s of new Set([secret, decodeURIComponent(secret)]))
            m = m.split(s).join('***');
    }
    return m;
}

;// CONCATENATED MODULE: ./src/net/watchdog.ts
// A stall watchdog: fires once when no activity was reported for `timeoutMs` while armed.
// kick() only stores a timestamp, so it is cheap enough to call for every body slice;
// the timer re-arms itself for the remaining time instead of being reset on each kick.
class Watchdog {
    timeoutMs;
    onStall;
    last = 0;
    timer;
    fired = false;
    constructor(timeoutMs, onStall) {
        this.timeoutMs = timeoutMs;
        this.onStall = onStall;
    }
    /** Start (or restart) watching, counting from now. */
    arm() {
        if (this.fired)
            return;
        this.last = performance.now();
        if (this.timer === undefined)
            this.schedule(this.timeoutMs);
    }
    /** Report activity: the idle period starts again. */
    kick() {
        this.last = performance.now();
    }
    /** Stop watching until the next arm(). */
    disarm() {
        if (this.timer !== undefined)
            clearTimeout(this.timer);
        this.timer = undefined;
    }
    schedule(ms) {
        this.timer = setTimeout(() => this.check(), Math.max(1, Math.ceil(ms)));
    }
    check() {
        this.timer = undefined;
        const idle = performance.now() - this.last;
        if (idle < this.timeoutMs)
            return this.schedule(this.timeoutMs - idle);
        this.fired = true;
        this.onStall();
    }
}

;// CONCATENATED MODULE: ./src/net/transport.ts
// The one HTTP transport: every request (API calls, uploads, downloads) goes through it, direct or through a
// proxy (the agent then comes from @actions/http-client, see proxy.ts).
//
// Built on node:http/node:https rather than global fetch, on purpose:
// - fetch (undici) reports body progress only per ReadableStream pull, and gives no access to the socket;
//   node:http write callbacks tell us exactly when a slice reached the kernel, which feeds the stall
//   watchdog and the progress counter;
// - node:http sends exactly the headers we give it (fetch adds accept-language, sec-fetch-mode,
//   accept-encoding...), and an explicit Content-Length with a sliced body;
// - on loopback it was measured here at ~1.3-1.6x fetch's throughput for 8 MiB PUTs.
// Redirects are never followed, so a GCS 308 comes back as it is.





/** Slice buffers a streamed body may have in flight at once: disk reads overlap socket writes. */
const BODY_POOL_SLICES = 4;

const MIN_SLICE = 16 * 1024;
const MAX_SLICE = 512 * 1024;
/**
 * Body slice size. Progress is seen once per slice, so a slice must be able to drain within the stall
 * timeout even on a slow link: at most ~16 bytes per ms of timeout (any link moving >= ~16 kB/s is never
 * aborted), at least 16 KiB, at most 512 KiB (large slices keep loopback near wire speed).
 */
function sliceSize(stallTimeoutMs) {
    const limit = stallTimeoutMs ? Math.min(MAX_SLICE, stallTimeoutMs * 16) : MAX_SLICE;
    let size = MIN_SLICE;
    while (size * 2 <= limit)
        size *= 2;
    return size;
}
function headersWithLength(req) {
    const headers = { ...req.headers };
    const length = req.body?.length ?? 0;
    const key = Object.keys(headers).find(k => k.toLowerCase() === 'content-length');
    if (key !== undefined) {
        // Honoured as given; a mismatch would send a broken request, so refuse before sending.
        if (headers[key].trim() !== String(length)) {
            throw new Error(`content-length header ${headers[key]} does not match the body length ${length}`);
        }
    }
    else if (req.body !== undefined || req.method === 'PUT' || req.method === 'POST') {
        headers['content-length'] = String(length);
    }
    return headers;
}
function toHeaders(raw) {
    const headers = new Headers();
    for (let i = 0; i + 1 < raw.length; i += 2) {
        try {
            headers.append(raw[i], raw[i + 1]);
        }
        catch {
            // a header value WHATWG Headers refuses: not one we need
        }
    }
    return headers;
}
/**
 * The transport with the proxy variables checked now, so a malformed one fails the run before its first
 * request, and `onProxy` told when a proxy is first used.
 */
function createTransport(opts = {}) {
    checkProxyVariables();
    const seen = new Set();
    return req => send(req, proxy => {
        const shown = describeProxy(proxy);
        if (seen.has(shown))
            return;
        seen.add(shown);
        opts.onProxy?.(shown);
    });
}
/** Node http/https transport (see the top of this file for why not fetch), proxies as the environment says. */
const httpTransport = req => send(req);
async function send(req, onProxy) {
    const { signal } = req;
    if (signal?.aborted)
        throw abortedError(signal);
    let url;
    try {
        url = new URL(req.url);
    }
    catch {
        // never quote the URL: it may be signed or a session URI
        throw new Error('the request URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`unsupported URL scheme ${url.protocol} (only http and https)`);
    }
    const headers = headersWithLength(req);
    const lib = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
    const proxy = proxyFor(url);
    if (proxy)
        onProxy?.(proxy);
    // Direct requests keep Node's global (keep-alive) agents; proxied ones get http-client's tunnelling agent.
    const agent = proxy ? proxyAgent(url) : undefined;
    return new Promise((resolve, reject) => {
        const creq = lib.request(url, { method: req.method, headers, ...(agent ? { agent } : {}) });
        let settled = false;
        let response;
        const fail = (err) => {
            response?.destroy(err);
            creq.destroy(err);
        };
        const watchdog = req.stallTimeoutMs
            ? new Watchdog(req.stallTimeoutMs, () => {
                const seconds = (req.stallTimeoutMs ?? 0) / 1000;
                fail(new NetworkError('STALLED', `the connection stalled: no progress for ${seconds} s`));
            })
            : undefined;
        const onAbort = () => fail(abortedError(signal));
        const cleanup = () => {
            watchdog?.disarm();
            signal?.removeEventListener('abort', onAbort);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        watchdog?.arm();
        creq.on('error', err => {
            // after a response, errors surface through the response body instead
            if (settled)
                return;
            settled = true;
            cleanup();
            reject((proxy && proxyFailure(err, proxy)) ?? toNetworkError(err) ?? err);
        });
        creq.on('response', res => {
            response = res;
            watchdog?.disarm();
            if (settled)
                return void res.destroy();
            settled = true;
            res.once('close', cleanup);
            resolve(wrapResponse(res, creq, watchdog));
        });
        const onSent = (sent) => {
            watchdog?.kick();
            req.onBodyProgress?.(sent);
        };
        const slice = sliceSize(req.stallTimeoutMs);
        const body = req.body;
        if (body === undefined || Buffer.isBuffer(body))
            writeBody(creq, body, slice, onSent);
        else
            streamBody(creq, body, slice, onSent).catch(err => fail(err instanceof Error ? err : new Error(String(err))));
    });
}
// Writes the body in slices, one in flight at a time: a slice's callback fires once the kernel took it.
function writeBody(creq, body, slice, onSent) {
    if (!body || body.length === 0)
        return void creq.end();
    let offset = 0;
    let sent = 0;
    const pump = () => {
        while (offset < body.length) {
            const piece = body.subarray(offset, Math.min(offset + slice, body.length));
            offset += piece.length;
            const more = creq.write(piece, err => {
                if (err)
                    return;
                sent += piece.length;
                onSent(sent);
            });
            if (!more)
                return void creq.once('drain', pump);
        }
        creq.end();
    };
    pump();
}
// Streams a source through a pool of slice buffers: a buffer is refilled only once the kernel took its slice (its
// write callback), so memory is BODY_POOL_SLICES slices whatever the body's length.
// Slice buffers outlive their request: a long upload sends thousands of bodies, and fresh buffers for each would
// leave the garbage collector tens of MB of external memory to find. A body takes them back here when it ends.
const idleSlices = new Map();
function takeSlice(size) {
    return idleSlices.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
}
function returnSlices(size, buffers) {
    const idle = idleSlices.get(size) ?? [];
    idleSlices.set(size, idle);
    for (const b of buffers)
        if (idle.length < 4 * BODY_POOL_SLICES)
            idle.push(b);
}
async function streamBody(creq, source, slice, onSent) {
    const free = [];
    const mine = [];
    let allocated = 0;
    let sent = 0;
    let wake;
    let closed = false;
    const gone = () => creq.destroyed;
    const onClose = () => {
        closed = true;
        wake?.();
    };
    creq.once('close', onClose);
    try {
        for (let pos = 0; pos < source.length;) {
            let buf = free.pop();
            if (!buf && allocated < BODY_POOL_SLICES) {
                buf = takeSlice(slice);
                mine.push(buf);
                allocated++;
            }
            if (!buf) {
                await new Promise(resolve => (wake = resolve));
                wake = undefined;
                if (gone())
                    return;
                continue;
            }
            const want = Math.min(slice, source.length - pos);
            const n = await source.read(pos, buf.subarray(0, want));
            if (gone())
                return;
            if (n !== want)
                throw new Error(`the request body ended at byte ${pos + n} of ${source.length}`);
            pos += n;
            const piece = buf;
            const more = creq.write(piece.subarray(0, n), err => {
                if (!err) {
                    sent += n;
                    onSent(sent);
                }
                free.push(piece);
                wake?.();
            });
            if (!more && !gone()) {
                await new Promise(resolve => {
                    wake = resolve;
                    creq.once('drain', resolve);
                });
                creq.off('drain', wake);
                wake = undefined;
                if (gone())
                    return;
            }
        }
        creq.end();
    }
    finally {
        creq.off('close', onClose);
        // Back once the socket is done with them (every write callback has run, or the request is gone).
        if (closed)
            returnSlices(slice, mine);
        else
            creq.once('close', () => returnSlices(slice, mine));
    }
}
function wrapResponse(res, creq, watchdog) {
    let consumed = false;
    let disposed = false;
    async function* body() {
        if (consumed)
            throw new Error('the response body was already read');
        consumed = true;
        const it = res[Symbol.asyncIterator]();
        try {
            for (;;) {
                watchdog?.arm();
                let next;
                try {
                    next = await it.next();
                }
                catch (err) {
                    throw toNetworkError(err) ?? err;
                }
                finally {
                    watchdog?.disarm();
                }
                if (next.done)
                    return;
                yield next.value;
            }
        }
        finally {
            await it.return?.();
        }
    }
    async function dispose() {
        if (disposed)
            return;
        disposed = true;
        watchdog?.disarm();
        // A complete response with the request fully sent leaves a reusable keep-alive connection:
        // drain it and wait for its end, so the next request finds the connection free.
        if (res.complete && creq.writableFinished) {
            if (res.readableEnded || res.destroyed)
                return;
            const ended = new Promise(resolve => {
                res.once('end', resolve);
                res.once('close', resolve);
            });
            res.resume();
            await ended;
        }
        else {
            res.destroy();
            creq.destroy();
        }
    }
    return {
        status: res.statusCode ?? 0,
        headers: toHeaders(res.rawHeaders),
        body,
        text: (maxBytes) => readText(body, dispose, maxBytes),
        dispose
    };
}
/** Reads a response body as text, at most maxBytes (the rest is discarded), then releases the connection. */
async function readText(body, dispose, maxBytes = 1024 * 1024) {
    const parts = [];
    let length = 0;
    try {
        for await (const chunk of body()) {
            const take = Math.min(chunk.length, maxBytes - length);
            if (take > 0)
                parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, take));
            length += take;
            if (length >= maxBytes)
                break;
        }
    }
    finally {
        await dispose();
    }
    return Buffer.concat(parts).toString('utf8');
}


/***/ }),

/***/ 853:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ FileSource)
/* harmony export */ });
/* unused harmony export FileChangedError */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
// The file being uploaded, as request bodies: any range can be sent (again, after a fault: the server may keep
// less than was sent), read from the disk in slices while it is on the wire, so nothing of the file is kept in
// memory beyond the transport's small pool of slice buffers, whatever the chunk size.

class FileChangedError extends Error {
    constructor(path, detail) {
        super(`file changed during upload: ${path} (${detail}); ` +
            'make sure nothing writes to it while it is uploaded, then run again');
        this.name = 'FileChangedError';
    }
}
class FileSource {
    file;
    path;
    size;
    mtimeMs;
    closed = false;
    /** Bytes read from the disk for request bodies (a resend reads them again). */
    bytesRead = 0;
    constructor(file, path, size, mtimeMs) {
        this.file = file;
        this.path = path;
        this.size = size;
        this.mtimeMs = mtimeMs;
    }
    /** Open `path`, which must still be `size` bytes long. */
    static async open(path, size) {
        if (!Number.isSafeInteger(size) || size < 0)
            throw new Error(`invalid file size ${size}`);
        const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(path, 'r');
        try {
            const stat = await file.stat();
            if (stat.size !== size)
                throw new FileChangedError(path, `it is now ${stat.size} bytes, expected ${size}`);
            return new FileSource(file, path, size, stat.mtimeMs);
        }
        catch (err) {
            await file.close();
            throw err;
        }
    }
    /** The bytes [offset, offset + length) as a request body. */
    body(offset, length) {
        if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
            throw new RangeError(`bytes ${offset}+${length} are outside the file (${this.size} bytes)`);
        }
        return { length, read: (pos, into) => this.read(offset + pos, into) };
    }
    /** Throw if the file changed (size or modification time) since it was opened. */
    async checkUnchanged() {
        const stat = await this.file.stat();
        if (stat.size !== this.size || stat.mtimeMs !== this.mtimeMs) {
            throw new FileChangedError(this.path, stat.size !== this.size ? `it is now ${stat.size} bytes` : 'it was modified');
        }
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await this.file.close();
    }
    async read(at, into) {
        if (this.closed)
            throw new Error('the file is closed');
        let done = 0;
        while (done < into.length) {
            const { bytesRead } = await this.file.read(into, done, into.length - done, at + done);
            if (bytesRead === 0) {
                throw new FileChangedError(this.path, `it ends at byte ${at + done}, expected ${this.size} bytes`);
            }
            done += bytesRead;
        }
        this.bytesRead += done;
        return done;
    }
}


/***/ })

};
