export const id = 193;
export const ids = [193];
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

/***/ 1193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parsePort: () => (/* binding */ parsePort),
/* harmony export */   sandboxCommand: () => (/* binding */ sandboxCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3874);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4597);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8551);
// `x-compliance sandbox`: the embedded emulator of X's compliance API, X's media upload (under /2/media), the Redivis
// API (under /api/v1) and GCS resumable uploads on 127.0.0.1, for dry runs (`run --api-base-url <printed URL>`).
// Runs until SIGINT or SIGTERM.





function parsePort(raw) {
    const v = (raw ?? '0').trim();
    if (!/^[0-9]{1,5}$/.test(v) || Number(v) > 65535) {
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('port', `--port "${v}" is not a port: use an integer from 0 (any free port) to 65535.`);
    }
    return Number(v);
}
function parseProcessingMs(raw) {
    if (raw === undefined)
        return undefined;
    const v = raw.trim();
    if (!/^[0-9]{1,9}$/.test(v)) {
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('processing-ms', `--processing-ms "${v}" is not a whole number of milliseconds.`);
    }
    return Number(v);
}
// Made-up tokens for the sandbox alone (never real ones), so a flag is fine here.
function parseToken(flag, raw) {
    if (raw === undefined)
        return undefined;
    if (!/^\S+$/.test(raw))
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(flag, `--${flag} must be a non-empty token without spaces.`);
    return raw;
}
const OAUTH1_KEYS = {
    api_key: 'apiKey',
    api_key_secret: 'apiKeySecret',
    access_token: 'accessToken',
    access_token_secret: 'accessTokenSecret'
};
async function readOAuth1File(file, cwd) {
    if (file === undefined)
        return undefined;
    const at = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(cwd, file);
    const shape = '{"api_key","api_key_secret","access_token","access_token_secret"}, each a non-empty string';
    let value;
    try {
        value = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(at, 'utf8'));
    }
    catch (err) {
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('oauth1-file', `--oauth1-file ${at} cannot be read as JSON (${err.message}): write ${shape}.`);
    }
    const obj = (value ?? {});
    const keys = Object.keys(obj);
    const ok = typeof value === 'object' &&
        !Array.isArray(value) &&
        keys.length === 4 &&
        keys.every(k => k in OAUTH1_KEYS && typeof obj[k] === 'string' && /^\S+$/.test(obj[k]));
    if (!ok)
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('oauth1-file', `--oauth1-file ${at} must hold exactly ${shape}.`);
    const out = {};
    for (const [k, name] of Object.entries(OAUTH1_KEYS))
        out[name] = obj[k];
    return out;
}
function parseFlaggedPercent(raw) {
    if (raw === undefined)
        return undefined;
    const v = raw.trim();
    if (!/^[0-9]{1,3}$/.test(v) || Number(v) > 100) {
        throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz('flagged-percent', `--flagged-percent "${v}" is not a whole number from 0 to 100.`);
    }
    return Number(v);
}
async function sandboxCommand(opts, ctx) {
    const ui = (0,_common_js__WEBPACK_IMPORTED_MODULE_3__/* .createUi */ .DY)(ctx, { ...opts, bar: false });
    let sandbox;
    let demoOAuth1;
    try {
        const port = parsePort(opts.port);
        const processingMs = parseProcessingMs(opts.processingMs);
        const flaggedPercent = parseFlaggedPercent(opts.flaggedPercent);
        const redivisToken = parseToken('redivis-token', opts.redivisToken);
        const xToken = parseToken('x-token', opts.xToken);
        const mediaUserToken = parseToken('media-user-token', opts.mediaUserToken);
        const oauth1 = await readOAuth1File(opts.oauth1File, ctx.cwd);
        const { startSandbox, SANDBOX_OAUTH1 } = await Promise.all(/* import() */[__webpack_require__.e(608), __webpack_require__.e(153), __webpack_require__.e(934)]).then(__webpack_require__.bind(__webpack_require__, 8153));
        demoOAuth1 = oauth1 ?? SANDBOX_OAUTH1;
        sandbox = await startSandbox({
            port,
            processingMs,
            flaggedPercent,
            token: xToken,
            media: { userToken: mediaUserToken, oauth1: demoOAuth1 },
            redivis: redivisToken === undefined ? undefined : { token: redivisToken },
            log: opts.debug ? line => ui.log.info(`sandbox: ${line}`) : undefined
        });
    }
    catch (err) {
        const code = err.code === 'EADDRINUSE' ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.INPUT : (0,_exit_codes_js__WEBPACK_IMPORTED_MODULE_4__/* .exitCodeFor */ .Rr)(err);
        ui.log.error(err.message);
        return code;
    }
    // The URL alone on stdout (or as JSON), for scripts; the explanation on stderr.
    ui.result(sandbox.apiBaseUrl, { 'api-base-url': sandbox.apiBaseUrl, port: sandbox.port });
    const redivisTokens = opts.redivisToken === undefined ? 'any non-empty token' : 'only the --redivis-token';
    ui.log.info(`X compliance sandbox listening on ${sandbox.apiBaseUrl} (${opts.xToken === undefined ? 'any non-empty token is accepted' : 'only the --x-token is accepted'}). ` +
        `Use: x-compliance run --api-base-url ${sandbox.apiBaseUrl} ... Stop with Ctrl+C.`);
    ui.log.info(`Redivis API at ${sandbox.apiBaseUrl}/api/v1 (${redivisTokens}; table demo.sandbox_dataset:next.posts, ` +
        `file index demo.sandbox_dataset:next.files).`);
    // Made-up demo credentials (public by design): what the sandbox checks OAuth 1.0a signatures against.
    ui.log.info(`X media upload at ${sandbox.apiBaseUrl}/2/media (OAuth 2.0 user tokens: ${opts.mediaUserToken === undefined ? 'any non-empty one but an app-only token' : 'only the --media-user-token'}; ` +
        `OAuth 1.0a ${opts.oauth1File === undefined ? 'demo credentials' : 'credentials of --oauth1-file'}: api-key ${demoOAuth1.apiKey}, api-key-secret ${demoOAuth1.apiKeySecret}, ` +
        `access-token ${demoOAuth1.accessToken}, access-token-secret ${demoOAuth1.accessTokenSecret}).`);
    const sig = await new Promise(resolve => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
    });
    ui.log.info(`Received ${sig}: stopping the sandbox`);
    await sandbox.close();
    return _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.OK;
}


/***/ })

};
