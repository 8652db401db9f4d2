export const id = 774;
export const ids = [774,955];
export const modules = {

/***/ 774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   demoRedivisCommand: () => (/* binding */ demoRedivisCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4597);
/* harmony import */ var _demo_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5870);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8551);
/* harmony import */ var _redivis_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2955);
// `x-compliance demo redivis`: redivis-upload's whole flow in-process against the embedded sandbox, with real
// faults on the wire (a reset mid-chunk, a 503 after a partial persist, a lost answer to creating an upload),
// then the rows Redivis counted checked against the files.






const DEMO_TOKEN = 'demo-redivis-token-not-a-secret';
const FILES = { 'posts_2024.csv': 60_000, 'posts_2025.csv': 2_000, 'accounts.csv': 500 };
async function demoRedivisCommand(opts, ctx) {
    const ui = (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .createUi */ .DY)(ctx, { ...opts, bar: false });
    const { log } = ui;
    return (0,_demo_session_js__WEBPACK_IMPORTED_MODULE_3__/* .runDemo */ .n)(ui, ctx, opts, {
        dirPrefix: 'x-compliance-demo-redivis-',
        prepare: async (dir) => {
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'data'), { recursive: true });
            for (const [name, rows] of Object.entries(FILES)) {
                const lines = ['id,created_at,text'];
                for (let i = 0; i < rows; i++)
                    lines.push(`${1500000000000000000n + BigInt(i)},2024-01-01T00:00:00Z,"post ${i}, cleaned"`);
                await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'data', name), `${lines.join('\n')}\n`);
            }
        },
        sandbox: {
            redivis: { token: DEMO_TOKEN, processingMs: 1000 },
            faults: [
                { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
                { on: 'chunk', nth: 4, do: { status: 503, keepBytes: 256 * 1024 } },
                { on: 'uploadCreate', nth: 2, do: { loseFinalResponse: true } }
            ]
        }
    }, async (sandbox, dir) => {
        log.info(`Sandbox listening on ${sandbox.apiBaseUrl}; ${Object.keys(FILES).length} CSV files in ${dir}/data`);
        log.info('Injected faults: a reset mid-chunk 2, a 503 after a partial persist on chunk 4, a lost answer to the second upload creation');
        const code = await (0,_redivis_js__WEBPACK_IMPORTED_MODULE_5__.redivisUploadCommand)({
            table: 'demo.sandbox_dataset.posts',
            file: ['data/*.csv'],
            mergeStrategy: 'replace',
            apiBaseUrl: `${sandbox.apiBaseUrl}/api/v1`,
            resumableMinSize: '1MiB',
            chunkSize: '512KiB',
            retryBaseDelayMs: '200',
            requestTimeoutSeconds: '5',
            json: opts.json,
            debug: opts.debug
        }, { ...ctx, cwd: dir, env: { ...ctx.env, [_redivis_js__WEBPACK_IMPORTED_MODULE_5__.REDIVIS_TOKEN_ENV]: DEMO_TOKEN } });
        if (code !== _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.OK)
            return { code };
        const table = sandbox
            .redivis()
            .datasets.find(d => d.ref === 'demo.sandbox_dataset')
            .tables.filter(t => t.name === 'posts')
            .at(-1);
        const wrong = Object.entries(FILES).filter(([name, rows]) => {
            const ups = table.uploads.filter(u => u.name === name);
            return ups.length !== 1 || ups[0].numRows !== rows;
        });
        return {
            code,
            check: {
                ok: wrong.length === 0,
                lines: [
                    wrong.length === 0
                        ? `Verified: each file is one upload in ${table.version} with the rows it holds (${Object.values(FILES).join(', ')}); no duplicate from the lost answer.`
                        : `MISMATCH: ${wrong.map(([n]) => n).join(', ')} did not arrive as one upload with its rows.`,
                    `Faults injected: ${sandbox.stats().faultsInjected}`
                ]
            }
        };
    });
}


/***/ }),

/***/ 5870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ runDemo)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8551);
// What the three demos share: a temporary directory, the embedded sandbox with its faults, the command run
// against it, then the check's lines printed (as log lines with --json, so stdout stays the command's JSON).




async function runDemo(ui, ctx, opts, setup, body) {
    const { log } = ui;
    const { startSandbox } = await Promise.all(/* import() */[__webpack_require__.e(608), __webpack_require__.e(153), __webpack_require__.e(934)]).then(__webpack_require__.bind(__webpack_require__, 8153));
    const dir = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.mkdtemp(node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(), setup.dirPrefix));
    let sandbox;
    try {
        await setup.prepare?.(dir);
        sandbox = await startSandbox(setup.sandbox);
        const { code, check } = await body(sandbox, dir);
        if (code !== _exit_codes_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.OK || !check)
            return code;
        const text = [
            '',
            ...check.lines,
            `Files are in ${opts.keep ? dir : `${dir} (removed now; --keep keeps them)`}`
        ].join('\n');
        if (ui.json)
            log.info(text);
        else
            ctx.stdout.write(`${text}\n`);
        return check.ok ? _exit_codes_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.OK : _exit_codes_js__WEBPACK_IMPORTED_MODULE_3__/* .EXIT */ .dc.ERROR;
    }
    catch (err) {
        log.error(err.message);
        return (0,_exit_codes_js__WEBPACK_IMPORTED_MODULE_3__/* .exitCodeFor */ .Rr)(err);
    }
    finally {
        await sandbox?.close();
        if (!opts.keep)
            await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.rm(dir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 2955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REDIVIS_TOKEN_ENV: () => (/* binding */ REDIVIS_TOKEN_ENV),
  readRedivisFlags: () => (/* binding */ readRedivisFlags),
  redivisUploadCommand: () => (/* binding */ redivisUploadCommand)
});

// EXTERNAL MODULE: ./src/action/inputs.ts
var action_inputs = __webpack_require__(1729);
// EXTERNAL MODULE: ./src/net/clock.ts
var clock = __webpack_require__(2881);
// EXTERNAL MODULE: ./src/net/transport.ts + 3 modules
var transport = __webpack_require__(9955);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(3324);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/redivis/reference.ts
var reference = __webpack_require__(9577);
;// CONCATENATED MODULE: ./src/redivis/files.ts
// The `files` input resolved to the files to upload, before any request: each line a path or an @actions/glob
// pattern relative to the workspace, in line order, the matches of one pattern sorted by path. A pattern matching
// nothing, an empty or unreadable file, a raw file outside the workspace, or two files whose upload names collide
// after Redivis's escaping is bad input.






const GLOB_CHARS = /[*?[]/;
async function resolveFiles(lines, kind, workspace) {
    const root = external_node_path_.resolve(workspace);
    const seen = new Set();
    const files = [];
    for (const line of lines) {
        const matches = await matchLine(line, root);
        for (const abs of matches) {
            if (seen.has(abs))
                continue;
            seen.add(abs);
            files.push(await describe(abs, line, kind, root));
        }
    }
    checkNames(files, kind);
    return files;
}
async function matchLine(line, root) {
    const pattern = external_node_path_.isAbsolute(line.replace(/^!/, '')) ? line : external_node_path_.join(root, line);
    if (line.startsWith('!'))
        throw new action_inputs/* InputError */.dz('files', `files line "${(0,action_inputs/* excerpt */.Kb)(line)}" is an exclusion; list the files or patterns to upload, one per line.`);
    if (!GLOB_CHARS.test(line)) {
        const st = await (0,promises_.stat)(pattern).catch(() => undefined);
        if (!st)
            throw new action_inputs/* InputError */.dz('files', `files: "${(0,action_inputs/* excerpt */.Kb)(line)}" does not exist (looked in ${root}).`);
        if (!st.isFile())
            throw new action_inputs/* InputError */.dz('files', `files: "${(0,action_inputs/* excerpt */.Kb)(line)}" is not a file; give files or glob patterns such as ${(0,action_inputs/* excerpt */.Kb)(line)}/*.csv.`);
        return [external_node_path_.resolve(pattern)];
    }
    const found = (await withoutDebugCommands(async () => {
        const globber = await (0,glob/* create */.v)(pattern, {
            matchDirectories: false,
            implicitDescendants: false,
            followSymbolicLinks: true
        });
        return globber.glob();
    }))
        .map(p => external_node_path_.resolve(p))
        .sort();
    if (found.length === 0)
        throw new action_inputs/* InputError */.dz('files', `files: the pattern "${(0,action_inputs/* excerpt */.Kb)(line)}" matches no file (looked in ${root}).`);
    return found;
}
async function describe(abs, line, kind, root) {
    const rel = external_node_path_.relative(root, abs);
    const inside = rel !== '' && !rel.startsWith('..') && !external_node_path_.isAbsolute(rel);
    if (kind === 'files' && !inside)
        throw new action_inputs/* InputError */.dz('files', `files: ${abs} (from "${(0,action_inputs/* excerpt */.Kb)(line)}") is outside the workspace ${root}; raw files are named by their path in the workspace, so they must be inside it.`);
    const st = await (0,promises_.stat)(abs);
    try {
        await (0,promises_.access)(abs, external_node_fs_.constants.R_OK);
    }
    catch {
        throw new action_inputs/* InputError */.dz('files', `files: ${abs} cannot be read (permission denied); make it readable by the user running the action.`);
    }
    if (st.size === 0)
        throw new action_inputs/* InputError */.dz('files', `files: ${abs} is empty; Redivis cannot import an empty file.`);
    const relative = inside ? rel.split(external_node_path_.sep).join('/') : abs;
    return { path: abs, relative, name: kind === 'files' ? relative : external_node_path_.basename(abs), size: st.size };
}
function checkNames(files, kind) {
    const byName = new Map();
    for (const f of files) {
        const key = kind === 'files' ? f.name.toLowerCase() : (0,reference/* escapeName */.L$)(f.name);
        const other = byName.get(key);
        if (other)
            throw new action_inputs/* InputError */.dz('files', `files: ${other.relative} and ${f.relative} would both be uploaded as "${kind === 'files' ? f.name : key}"${kind === 'tabular' ? ' (Redivis escapes names: characters other than letters, digits and _ become _, case is ignored)' : ''}; rename one or upload them in separate steps.`);
        byName.set(key, f);
    }
}
/**
 * @actions/glob logs through core.debug, which prints `::debug::` workflow commands even outside Actions (the
 * CLI); there they are dropped, inside Actions the runner shows them only with debug logging on.
 */
async function withoutDebugCommands(fn) {
    if (process.env.GITHUB_ACTIONS === 'true')
        return fn();
    const write = process.stdout.write;
    process.stdout.write = ((chunk, ...rest) => typeof chunk === 'string' && chunk.startsWith('::debug::')
        ? true
        : write.call(process.stdout, chunk, ...rest));
    try {
        return await fn();
    }
    finally {
        process.stdout.write = write;
    }
}

// EXTERNAL MODULE: ./src/action/log.ts
var action_log = __webpack_require__(8592);
// EXTERNAL MODULE: ./src/upload/errors.ts
var errors = __webpack_require__(7758);
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
// EXTERNAL MODULE: ./src/net/loopback.ts
var loopback = __webpack_require__(1830);
;// CONCATENATED MODULE: ./src/net/pacer.ts
class RequestPacer {
    limit;
    windowMs;
    clock;
    sent = [];
    queue = Promise.resolve();
    constructor(limit, windowMs, clock) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.clock = clock;
    }
    /** Resolves when one more request fits in the window (and counts it). */
    take(signal) {
        const turn = this.queue.then(() => this.waitForRoom(signal));
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    async waitForRoom(signal) {
        for (;;) {
            const now = this.clock.now();
            while (this.sent.length > 0 && this.sent[0] <= now - this.windowMs)
                this.sent.shift();
            if (this.sent.length < this.limit) {
                this.sent.push(now);
                return;
            }
            await this.clock.sleep(this.sent[0] + this.windowMs - now, signal);
        }
    }
}

// EXTERNAL MODULE: ./src/net/json-api.ts
var json_api = __webpack_require__(9548);
;// CONCATENATED MODULE: ./src/redivis/api.ts






/** Redivis allows about 100 requests per 100 s; a margin is kept for other clients of the same token. */
const RATE_LIMIT = { limit: 90, windowMs: 100_000 };
class RedivisApiError extends Error {
    status;
    code;
    constructor(message, status, code, options) {
        super(message, options);
        this.status = status;
        this.code = code;
        this.name = 'RedivisApiError';
    }
}
class RedivisClient {
    opts;
    clock;
    pacer;
    /** Requests sent to the API (not the transfers). */
    requests = 0;
    constructor(opts) {
        this.opts = opts;
        this.clock = opts.clock ?? clock/* systemClock */.m;
        this.pacer = new RequestPacer(RATE_LIMIT.limit, RATE_LIMIT.windowMs, this.clock);
    }
    async getDataset(ref) {
        const body = (await this.call('GET', `/datasets/${(0,reference/* refPath */.NA)(ref)}`, `reading the dataset ${ref}`));
        return { nextVersion: version(body.nextVersion), currentVersion: version(body.currentVersion) };
    }
    /** Creates the next version; after an ambiguous failure, a next version that now exists is it. */
    async createNextVersion(ref) {
        const what = `creating a next version of the dataset ${ref}`;
        const made = await this.create('POST', `/datasets/${(0,reference/* refPath */.NA)(ref)}/versions`, undefined, what, async () => {
            const ds = await this.getDataset(ref);
            return ds.nextVersion ?? undefined;
        });
        return version(made) ?? (await this.getDataset(ref)).nextVersion ?? { tag: 'next' };
    }
    async getTable(ref) {
        const body = (await this.call('GET', `/tables/${(0,reference/* refPath */.NA)(ref)}`, `reading the table ${ref}`));
        return tableOf(body);
    }
    async setMergeStrategy(ref, strategy) {
        const body = (await this.call('PATCH', `/tables/${(0,reference/* refPath */.NA)(ref)}`, `setting the upload merge strategy of ${ref} to ${strategy}`, {
            uploadMergeStrategy: strategy
        }));
        return tableOf(body);
    }
    /** Temp uploads in request order (asking again after a failure only leaves unused temp uploads behind). */
    async createTempUploads(ref, items) {
        const what = `requesting ${items.length} temp upload${items.length === 1 ? '' : 's'} for ${ref}`;
        const body = (await this.call('POST', `/tables/${(0,reference/* refPath */.NA)(ref)}/tempUploads`, what, {
            tempUploads: items
        }));
        const results = body.results;
        if (!Array.isArray(results) || results.length !== items.length)
            throw new RedivisApiError(`Redivis API: ${what} returned ${Array.isArray(results) ? results.length : 'no'} temp uploads for ${items.length} files.`);
        return results.map((r) => {
            if (typeof r.id !== 'string' || typeof r.url !== 'string')
                throw new RedivisApiError(`Redivis API: ${what} returned a temp upload without an id or url.`);
            // The token goes with every transfer request: never in the clear (the URL itself is a secret: not quoted).
            const url = URL.canParse(r.url) ? new URL(r.url) : undefined;
            if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && (0,loopback/* isLoopbackHost */.c)(url.hostname))))
                throw new RedivisApiError(`Redivis API: ${what} returned a temp upload URL that is not https${url ? ` (${url.protocol}//${url.hostname})` : ''}; the api-token goes with every transfer request, so it was not used.`);
            return { id: r.id, url: r.url, resumable: r.resumable === true };
        });
    }
    /** The upload of that name in the table, or undefined (HEAD, as Redivis's clients check it). */
    async uploadExists(ref, name) {
        const res = await this.call('HEAD', `/tables/${(0,reference/* refPath */.NA)(ref)}/uploads/${(0,reference/* uploadNamePath */.WW)(name)}`, `looking up the upload ${name}`, undefined, true);
        return res !== undefined;
    }
    async findUpload(ref, name) {
        const body = await this.call('GET', `/tables/${(0,reference/* refPath */.NA)(ref)}/uploads/${(0,reference/* uploadNamePath */.WW)(name)}`, `looking up the upload ${name}`, undefined, true);
        return body === undefined ? undefined : uploadOf(body, `the upload ${name}`);
    }
    async getUpload(uri, name) {
        return uploadOf(await this.call('GET', uri, `checking the upload ${name}`), `the upload ${name}`);
    }
    /** Deletes an upload; one that is already gone counts as deleted. */
    async deleteUpload(uri, name) {
        await this.call('DELETE', uri, `deleting the upload ${name}`, undefined, true);
    }
    /**
     * Creates a tabular upload. After an ambiguous failure the upload may exist anyway: one of this name is adopted
     * (this run made sure none existed before), rather than making a second that Redivis would rename.
     */
    async createUpload(ref, payload) {
        const what = `creating the upload ${payload.name}`;
        const body = await this.create('POST', `/tables/${(0,reference/* refPath */.NA)(ref)}/uploads`, payload, what, () => this.findUpload(ref, payload.name));
        return uploadOf(body, `the new upload ${payload.name}`);
    }
    /** Adds raw files to a file index table; after an ambiguous failure, files of these names that exist are them. */
    async addRawFiles(ref, files) {
        const what = `adding ${files.length} raw file${files.length === 1 ? '' : 's'} to ${ref}`;
        const body = (await this.create('POST', `/tables/${(0,reference/* refPath */.NA)(ref)}/rawFiles`, { files }, what, async () => {
            const listed = await this.listRawFiles(ref);
            const names = new Set(listed.map(f => f.name));
            return files.every(f => names.has(f.name)) ? { results: files.map(f => ({ name: f.name })) } : undefined;
        }));
        if (!Array.isArray(body.results))
            throw new RedivisApiError(`Redivis API: ${what} returned no file list.`);
        return body.results.map((r) => ({
            name: String(r.name),
            size: typeof r.size === 'number' ? r.size : undefined
        }));
    }
    async listRawFiles(ref) {
        const body = (await this.call('GET', `/tables/${(0,reference/* refPath */.NA)(ref)}/rawFiles`, `listing the raw files of ${ref}`));
        return Array.isArray(body.results)
            ? body.results.map((r) => ({ name: String(r.name) }))
            : [];
    }
    // ------------------------------------------------------------------------------------------------ plumbing
    /** One idempotent request with the retry policy; the parsed JSON of a 2xx (undefined for a 404 when allowed). */
    async call(method, path, what, body, allow404 = false) {
        const state = new retry/* RetryState */.OX(this.opts.retry, this.clock);
        let res;
        try {
            res = await (0,retry/* requestWithRetry */.En)(this.paced, () => this.request(method, path, body), {
                state,
                clock: this.clock,
                signal: this.opts.signal,
                onRetry: e => this.opts.onRetry?.(what, e)
            });
        }
        catch (err) {
            throw this.failure(what, err);
        }
        if (allow404 && res.status === 404) {
            await res.dispose();
            return undefined;
        }
        if (res.status < 200 || res.status >= 300)
            throw await this.httpError(what, res, method);
        return method === 'HEAD' ? (await res.dispose(), {}) : readJson(res, what);
    }
    /** A request that makes something: after an ambiguous failure, `adopt` finds what it may have made. */
    async create(method, path, body, what, adopt) {
        const state = new retry/* RetryState */.OX(this.opts.retry, this.clock);
        for (;;) {
            let res;
            let cause;
            try {
                res = await this.paced(this.request(method, path, body));
            }
            catch (err) {
                if (!(0,retry/* isRetryableError */.$d)(err))
                    throw this.failure(what, err);
                cause = err;
            }
            if (res && res.status >= 200 && res.status < 300)
                return readJson(res, what);
            if (res && !(0,retry/* isRetryableStatus */.PS)(res.status))
                throw await this.httpError(what, res, method);
            const floor = res ? (0,retry/* retryAfterMs */.Vs)(res.headers, this.clock.now()) : undefined;
            // A 429 was refused before any work; a reset, a timeout or a 5xx may have done it.
            const ambiguous = !res || res.status !== 429;
            if (res) {
                cause = new retry/* HttpStatusError */.F9(res.status);
                await res.dispose();
            }
            let delay;
            try {
                delay = state.failure(cause, floor);
            }
            catch (err) {
                // Out of retries: the last attempt may still have made it, and it must not be left behind unseen.
                const found = ambiguous ? await adopt().catch(() => undefined) : undefined;
                if (found !== undefined) {
                    this.opts.onAdopted?.(what);
                    return found;
                }
                throw this.failure(what, err);
            }
            this.opts.onRetry?.(what, {
                attempt: state.consecutiveFailures,
                delayMs: delay,
                reason: (0,retry/* describeCause */.V$)(cause)
            });
            await this.clock.sleep(delay, this.opts.signal);
            if (ambiguous) {
                const found = await adopt();
                if (found !== undefined) {
                    this.opts.onAdopted?.(what);
                    return found;
                }
            }
        }
    }
    paced = async (req) => {
        await this.pacer.take(this.opts.signal);
        this.requests++;
        return this.opts.transport(req);
    };
    request(method, path, body) {
        // Upload URIs come from Redivis with or without the API prefix.
        const rel = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : path;
        const json = body === undefined ? undefined : JSON.stringify(body);
        return (0,json_api/* jsonRequest */.UX)({ ...this.opts, userAgent: 'x-compliance-redivis-upload' }, method, rel, json);
    }
    failure(what, err) {
        if (err instanceof RedivisApiError)
            return err;
        if (err instanceof retry/* RetriesExhaustedError */.i5)
            return new RedivisApiError(`Redivis API: ${what} failed after ${err.attempts} attempts: ${err.message}`, undefined, undefined, { cause: err });
        const why = (0,json_api/* failureReason */.Hr)(err);
        return why === undefined ? err : new RedivisApiError(`Redivis API: ${what} failed: ${why}`);
    }
    async httpError(what, res, method) {
        const raw = method === 'HEAD'
            ? decodeHeader(res.headers.get('x-redivis-error-payload'))
            : await res.text(64 * 1024).catch(() => '');
        await res.dispose();
        const { code, text } = redivisError(raw);
        const hint = res.status === 401
            ? ' Check that api-token is a valid Redivis API token (it may have expired or been revoked).'
            : res.status === 403
                ? ' The token needs the data.edit scope and edit access to the dataset: create a token with data.edit in Redivis (Settings → API tokens) and make sure its owner can edit the dataset.'
                : res.status === 404
                    ? ` Check the table input (${this.opts.tableInput}): the dataset or table does not exist or this token cannot see it. The action does not create tables: create the table in Redivis first.`
                    : '';
        const quoted = text ? `: ${/[.!?…]$/.test(text) ? text : `${text}.`}` : '.';
        return new RedivisApiError(`Redivis API: ${what} failed: HTTP ${res.status}${quoted}${hint}`, res.status, code);
    }
}
/** Redivis's error bodies in both shapes: `{error, error_description}` and `{error: {status, message}}`. */
function redivisError(raw) {
    let body;
    try {
        body = JSON.parse(raw);
    }
    catch {
        return { text: raw.trim().slice(0, 300) };
    }
    const error = body?.error;
    if (typeof error === 'string') {
        const desc = body.error_description;
        return { code: error, text: typeof desc === 'string' && desc ? `${desc} (${error})` : error };
    }
    if (error && typeof error === 'object') {
        const m = error.message;
        return { text: typeof m === 'string' ? m : JSON.stringify(error).slice(0, 300) };
    }
    return { text: raw.trim().slice(0, 300) };
}
function decodeHeader(v) {
    if (!v)
        return '';
    try {
        return decodeURIComponent(v);
    }
    catch {
        return v;
    }
}
function readJson(res, what) {
    return (0,json_api/* readJsonBody */.nE)(res, () => new RedivisApiError(`Redivis API: ${what} returned a body that is not JSON (HTTP ${res.status}).`, res.status));
}
function version(v) {
    if (!v || typeof v !== 'object')
        return null;
    const tag = v.tag;
    return typeof tag === 'string' ? { tag } : null;
}
function tableOf(body) {
    return {
        uri: typeof body.uri === 'string' ? body.uri : undefined,
        isFileIndex: body.isFileIndex === true,
        uploadMergeStrategy: typeof body.uploadMergeStrategy === 'string' ? body.uploadMergeStrategy : undefined
    };
}
function uploadOf(body, what) {
    const b = body;
    if (!b || typeof b.uri !== 'string' || typeof b.status !== 'string')
        throw new RedivisApiError(`Redivis API: ${what} has an unexpected shape (no uri or status).`);
    const rows = b.numRows === null || b.numRows === undefined ? null : Number(b.numRows);
    return {
        uri: b.uri,
        name: typeof b.name === 'string' ? b.name : '',
        status: b.status,
        numRows: rows === null || Number.isNaN(rows) ? null : rows,
        errorMessage: typeof b.errorMessage === 'string' ? b.errorMessage : null
    };
}

// EXTERNAL MODULE: ./src/redivis/model.ts
var model = __webpack_require__(6465);
;// CONCATENATED MODULE: ./src/redivis/report.ts
function newRedivisReport(table, kind, waited, startedAt) {
    return { table, kind, waited, files: [], startedAt };
}
function fileReport(file) {
    return {
        file,
        name: file.name,
        status: 'pending',
        rows: null,
        error: null,
        acknowledged: 0,
        faultsRecovered: 0,
        created: false,
        deleted: false
    };
}
function totals(r) {
    const f = r.files;
    const rows = r.kind === 'tabular' && r.waited
        ? f.filter(x => x.status === 'completed').reduce((s, x) => s + (x.rows ?? 0), 0)
        : undefined;
    return {
        uploaded: f.filter(x => x.created).length,
        failed: f.filter(x => x.status === 'failed').length,
        skipped: f.filter(x => x.status === 'skipped').length,
        bytes: f.reduce((s, x) => s + x.acknowledged, 0),
        rows
    };
}
/** The `uploads` output: one object per file in input order. */
/** One object per file in input order, as the `uploads` output holds them. */
function uploadEntries(r) {
    return r.files.map(x => ({
        name: x.name,
        file: x.file.relative,
        bytes: x.file.size,
        status: outputStatus(x),
        rows: x.rows,
        error: x.error
    }));
}
function uploadsJson(r) {
    return JSON.stringify(uploadEntries(r));
}
/** Redivis's last status, or `skipped`; a file that never became an upload is `failed` (or `pending` if never tried). */
function outputStatus(x) {
    if (x.status === 'transferring' || x.status === 'transferred')
        return x.error ? 'failed' : 'pending';
    return x.status;
}
/** What is left in Redivis after a failed run, and how to run again: built from what happened, file by file. */
function rerunAdvice(r) {
    const names = (fs) => fs.map(f => f.name).join(', ');
    const deleted = r.files.filter(f => f.deleted);
    const stuck = r.files.filter(f => f.created && !f.deleted && f.status === 'failed');
    const kept = r.files.filter(f => f.created && !f.deleted && f.status !== 'failed');
    const failed = r.files.filter(f => f.status === 'failed');
    const out = [];
    if (deleted.length > 0)
        out.push(`Deleted again what this run created for ${names(deleted)}.`);
    if (stuck.length > 0)
        out.push(`Could not delete ${names(stuck)}: delete ${stuck.length === 1 ? 'it' : 'them'} in Redivis before a rerun${r.kind === 'tabular' ? ', or rerun with if-exists: replace' : ''}.`);
    if (kept.length === 0)
        out.push(stuck.length === 0
            ? 'Nothing this run created was kept: fix the cause and run again.'
            : 'Fix the cause and run again.');
    else if (r.kind === 'tabular')
        out.push(`Kept ${names(kept)}${kept.some(f => f.status !== 'completed') ? ' (still processing)' : ''}: fix the cause and rerun with if-exists: skip to upload only the rest.`);
    else
        out.push(`The raw files ${names(kept)} were added and stay: fix the cause and rerun with only ${names(failed)} (raw files cannot be skipped by name).`);
    return out.join(' ');
}

// EXTERNAL MODULE: ./src/upload/file-source.ts
var file_source = __webpack_require__(853);
// EXTERNAL MODULE: ./src/upload/gcs-resumable.ts
var gcs_resumable = __webpack_require__(6615);
// EXTERNAL MODULE: ./src/upload/gcs-protocol.ts
var gcs_protocol = __webpack_require__(443);
;// CONCATENATED MODULE: ./src/redivis/transfer.ts
// The bytes of one file to its temp upload URL: a GCS resumable session on the shared engine (with the Redivis
// start headers and the token on every request, as Redivis's clients send them), or one PUT for a small file,
// retried from byte 0. The token goes to the URLs Redivis returned and nowhere else.






async function transferFile(file, target, o) {
    try {
        return await send(file, target, o);
    }
    catch (err) {
        throw tokenRefusal(err);
    }
}
/** The transfer requests carry the token: a 401/403 there is Redivis refusing it, not an expired signed URL. */
function tokenRefusal(err) {
    if (!(err instanceof errors/* UploadError */.o) || (err.status !== 401 && err.status !== 403))
        return err;
    const quoted = err.serverMessage ? ` (${err.serverMessage})` : '';
    return new errors/* UploadError */.o(`uploading the file failed: Redivis answered HTTP ${err.status}${quoted}; it refused the api-token for the transfer: check that the token is current and has the data.edit scope`, { status: err.status, serverMessage: err.serverMessage, atStart: err.atStart, cause: err });
}
async function send(file, target, o) {
    const auth = { authorization: `Bearer ${o.token}` };
    if (target.resumable) {
        const r = await (0,gcs_resumable/* uploadResumable */.y4)({
            transport: o.transport,
            clock: o.clock,
            retry: o.retry,
            chunkSize: o.chunkSize,
            stallTimeoutMs: o.stallTimeoutMs,
            file,
            start: { url: target.url, headers: (0,model/* resumableStartHeaders */.Tr)(file.size) },
            headers: auth,
            store: { onSession: o.onSession, onAcknowledged: n => o.onProgress?.(n) },
            onRetry: e => o.onRetry?.(e),
            signal: o.signal
        });
        return { bytes: r.bytes, faultsRecovered: r.faultsRecovered, elapsedMs: r.elapsedMs };
    }
    return simplePut(file, target.url, auth, o);
}
async function simplePut(file, url, auth, o) {
    const started = o.clock.now();
    const source = await file_source/* FileSource */._.open(file.path, file.size);
    const state = new retry/* RetryState */.OX(o.retry, o.clock);
    try {
        let res;
        try {
            res = await (0,retry/* requestWithRetry */.En)(o.transport, () => ({
                method: 'PUT',
                url,
                headers: { ...auth, 'content-type': 'application/octet-stream' },
                body: source.body(0, file.size),
                stallTimeoutMs: o.stallTimeoutMs,
                signal: o.signal
            }), { state, clock: o.clock, signal: o.signal, onRetry: e => o.onRetry?.({ ...e, phase: 'put' }) });
        }
        catch (err) {
            if (err instanceof retry/* RetriesExhaustedError */.i5)
                throw new errors/* UploadError */.o(`uploading the file failed: ${err.message}`, { cause: err });
            throw err;
        }
        if (res.status !== 200 && res.status !== 201) {
            const text = (0,gcs_protocol/* serverMessage */.x_)(await res.text(64 * 1024).catch(() => ''));
            const message = text ? (0,gcs_protocol/* redact */.E$)(text, [url]) : undefined;
            throw new errors/* UploadError */.o(`uploading the file failed: the server answered HTTP ${res.status}${message ? ` (${message})` : ''}`, { status: res.status, serverMessage: message });
        }
        await res.dispose();
        await source.checkUnchanged();
        o.onProgress?.(file.size);
        return { bytes: file.size, faultsRecovered: state.totalRecovered, elapsedMs: o.clock.now() - started };
    }
    finally {
        await source.close();
    }
}

;// CONCATENATED MODULE: ./src/redivis/wait.ts
const POLL = { firstMs: 2000, factor: 1.5, maxMs: 30_000 };
/** Polls until every upload is completed or failed; returns those still processing when the timeout ran out. */
async function waitForUploads(files, client, o) {
    const deadline = o.clock.now() + o.timeoutMs;
    let gap = POLL.firstMs;
    let open = files.filter(f => f.status === 'queued' || f.status === 'running');
    if (open.length > 0)
        o.log.info(`Waiting for Redivis to process ${open.length} upload${open.length === 1 ? '' : 's'}`);
    while (open.length > 0) {
        const left = deadline - o.clock.now();
        if (left <= 0)
            return open;
        await o.clock.sleep(Math.min(gap, left), o.signal);
        gap = Math.min(POLL.maxMs, gap * POLL.factor);
        for (const f of open) {
            const u = await client.getUpload(f.uploadUri, f.name);
            f.rows = u.numRows;
            if (u.status === 'completed') {
                f.status = 'completed';
                o.log.info(`${f.name}: processed, ${u.numRows ?? 0} rows`);
            }
            else if (u.status === 'failed') {
                f.status = 'failed';
                f.error = u.errorMessage ?? 'Redivis reported the upload as failed without a message';
                o.log.error(`${f.name}: processing failed: ${f.error}`);
            }
            else if (u.status === 'running')
                f.status = 'running';
        }
        open = open.filter(f => f.status === 'queued' || f.status === 'running');
    }
    return [];
}

;// CONCATENATED MODULE: ./src/redivis/flow.ts








/** Deleting what failed must fit in the runner's grace period after a cancel. */
const CLEANUP_TIMEOUT_MS = 4000;
class UploadsFailedError extends Error {
    causes;
    constructor(message, 
    /** Why each failed file failed (undefined: Redivis failed its processing), for the CLI's exit code. */
    causes = []) {
        super(message);
        this.causes = causes;
        this.name = 'UploadsFailedError';
    }
}
async function runRedivisUpload(inputs, files, d, report) {
    const { log } = d;
    const client = apiClient(inputs, d, d.signal);
    report.files = files.map(fileReport);
    const dsRef = (0,reference/* datasetRef */.A$)(inputs.table);
    const tableRef = (0,reference/* nextTableRef */.Tj)(inputs.table);
    // 1. The next version.
    const dataset = await client.getDataset(dsRef);
    let next = dataset.nextVersion;
    if (!next) {
        if (!inputs.createNextVersion)
            throw new RedivisApiError(`Redivis: the dataset ${dsRef} has no unreleased next version, and uploads go only into one; create it in Redivis, or set create-next-version: true to let the action create it.`);
        next = await client.createNextVersion(dsRef);
        log.info(`Created the next version ${next.tag} of ${dsRef}`);
    }
    report.version = next.tag;
    // 2. The table, its kind and merge strategy.
    const table = await client.getTable(tableRef);
    if (inputs.kind === 'tabular' && table.isFileIndex)
        throw new RedivisApiError(`Redivis: ${tableRef} is a file index table, which takes raw files, not tabular uploads; use kind: files.`);
    if (inputs.kind === 'files' && !table.isFileIndex)
        throw new RedivisApiError(`Redivis: ${tableRef} is not a file index table, so it takes no raw files; use kind: tabular, or a file index table.`);
    // 3. if-exists, decided before any byte is sent or anything is changed.
    const replace = new Set();
    if (inputs.kind === 'tabular') {
        const existing = [];
        for (const f of report.files)
            if (await client.uploadExists(tableRef, f.name))
                existing.push(f);
        if (existing.length > 0 && inputs.ifExists === 'fail')
            throw new RedivisApiError(`Redivis: ${tableRef} already has ${existing.length === 1 ? 'an upload' : 'uploads'} named ${existing.map(f => f.name).join(', ')}; set if-exists: replace to delete and upload again, or if-exists: skip to keep ${existing.length === 1 ? 'it' : 'them'}.`);
        for (const f of existing) {
            if (inputs.ifExists === 'skip') {
                f.status = 'skipped';
                log.info(`${f.name}: an upload of this name exists; skipped (if-exists: skip)`);
            }
            else
                replace.add(f);
        }
    }
    const todo = report.files.filter(f => f.status === 'pending');
    if (inputs.mergeStrategy && table.uploadMergeStrategy !== inputs.mergeStrategy) {
        await client.setMergeStrategy(tableRef, inputs.mergeStrategy);
        log.info(`Set the upload merge strategy of ${tableRef} to ${inputs.mergeStrategy}`);
    }
    // 4. Temp uploads, in request order, batched.
    const targets = new Map();
    for (let i = 0; i < todo.length; i += model/* REDIVIS_BATCH */.O4) {
        const batch = todo.slice(i, i + model/* REDIVIS_BATCH */.O4);
        const got = await client.createTempUploads(tableRef, batch.map(f => tempRequest(f, inputs)));
        got.forEach((t, k) => {
            (0,action_log/* maskUrl */.y)(log, t.url);
            targets.set(batch[k], t);
        });
    }
    // 5. Transfers (and each tabular upload created as soon as its bytes are in).
    log.info(`Uploading ${todo.length} file${todo.length === 1 ? '' : 's'} to ${tableRef} (version ${next.tag}), ${Math.min(inputs.concurrency, todo.length)} at a time`);
    const transferred = [];
    const causes = new Map();
    try {
        await pool(todo, inputs.concurrency, async (f) => {
            if (d.signal.aborted)
                return;
            try {
                await transferOne(f, targets.get(f), client, tableRef, inputs, d);
                transferred.push(f);
                if (inputs.kind === 'tabular')
                    await createUpload(f, targets.get(f), client, tableRef, inputs, replace.has(f), d);
            }
            catch (err) {
                if (d.signal.aborted)
                    throw err;
                f.status = 'failed';
                f.error = errorText(err);
                causes.set(f, err);
                log.error(`${f.name}: ${f.error}`);
            }
        });
        // 6. Raw files, batched, in input order.
        if (inputs.kind === 'files') {
            const ready = todo.filter(f => f.status === 'transferred');
            for (let i = 0; i < ready.length; i += model/* REDIVIS_BATCH */.O4) {
                const batch = ready.slice(i, i + model/* REDIVIS_BATCH */.O4);
                try {
                    await client.addRawFiles(tableRef, batch.map(f => ({ name: f.name, tempUploadId: targets.get(f).id })));
                    for (const f of batch) {
                        f.status = 'completed';
                        f.created = true;
                    }
                    log.info(`Added ${batch.length} raw file${batch.length === 1 ? '' : 's'} to ${tableRef}`);
                }
                catch (err) {
                    if (d.signal.aborted)
                        throw err;
                    for (const f of batch) {
                        f.status = 'failed';
                        f.error = errorText(err);
                        causes.set(f, err);
                    }
                    log.error(errorText(err));
                }
            }
        }
        // 7. Processing.
        if (inputs.kind === 'tabular' && inputs.wait) {
            const timedOut = await waitForUploads(report.files.filter(f => f.created && f.uploadUri), client, { clock: d.clock, signal: d.signal, log, timeoutMs: inputs.processingTimeoutMinutes * 60_000 });
            for (const f of timedOut) {
                f.error = `still ${f.status} after processing-timeout-minutes (${inputs.processingTimeoutMinutes})`;
                f.status = 'failed';
            }
        }
    }
    finally {
        await cleanUp(report, inputs, tableRef, d);
    }
    const failed = report.files.filter(f => f.status === 'failed');
    if (failed.length > 0)
        throw new UploadsFailedError(`${failed.length} of ${report.files.length} file${report.files.length === 1 ? '' : 's'} failed (${failed.map(f => `${f.name}: ${f.error}`).join('; ')}). ${rerunAdvice(report)}`, failed.map(f => causes.get(f)));
}
function tempRequest(f, inputs) {
    return { name: f.name, size: f.file.size, resumable: f.file.size >= inputs.resumableMinSize };
}
async function transferOne(f, target, client, tableRef, inputs, d) {
    f.status = 'transferring';
    const started = d.clock.now();
    const resumable = f.file.size >= inputs.resumableMinSize;
    const opts = {
        transport: d.transport,
        clock: d.clock,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        chunkSize: inputs.chunkSize,
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        token: inputs.apiToken,
        signal: d.signal,
        onSession: (uri) => (0,action_log/* maskUrl */.y)(d.log, uri),
        onProgress: (n) => {
            f.acknowledged = n;
            d.onProgress?.(f);
        },
        onRetry: (e) => {
            d.log.info(`${f.name}: ${e.phase} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`);
        }
    };
    let r;
    try {
        r = await transferFile(f.file, { url: target.url, resumable: resumable && target.resumable }, opts);
    }
    catch (err) {
        // A session start refused (other than for the token): this temp upload is spent; ask for one fresh one.
        if (!(err instanceof errors/* UploadError */.o &&
            err.atStart &&
            err.status !== undefined &&
            err.status >= 400 &&
            err.status < 500 &&
            err.status !== 401 &&
            err.status !== 403))
            throw err;
        d.log.info(`${f.name}: the upload URL was refused (HTTP ${err.status}); requesting a fresh temp upload`);
        const [fresh] = await client.createTempUploads(tableRef, [tempRequest(f, inputs)]);
        (0,action_log/* maskUrl */.y)(d.log, fresh.url);
        target.id = fresh.id;
        target.url = fresh.url;
        r = await transferFile(f.file, { url: fresh.url, resumable: resumable && fresh.resumable }, opts);
    }
    f.acknowledged = r.bytes;
    f.faultsRecovered += r.faultsRecovered;
    f.transferMs = d.clock.now() - started;
    f.status = 'transferred';
    const mbps = f.transferMs > 0 ? f.file.size / 1e6 / (f.transferMs / 1000) : 0;
    d.log.info(`${f.name}: ${(f.file.size / 1048576).toFixed(1)} MiB sent in ${(f.transferMs / 1000).toFixed(2)} s (${mbps.toFixed(1)} MB/s${r.faultsRecovered ? `, ${r.faultsRecovered} faults recovered` : ''})`);
}
async function createUpload(f, target, client, tableRef, inputs, replacing, d) {
    if (replacing) {
        const old = await client.findUpload(tableRef, f.name);
        if (old) {
            await client.deleteUpload(old.uri, f.name);
            d.log.info(`${f.name}: deleted the existing upload of this name (if-exists: replace)`);
        }
    }
    f.creating = true;
    const upload = await client.createUpload(tableRef, {
        name: f.name,
        type: inputs.uploadType || null,
        tempUploadId: target.id,
        ...inputs.uploadOptions
    });
    f.created = true;
    f.uploadUri = upload.uri;
    f.name = upload.name || f.name;
    f.status =
        upload.status === 'running'
            ? 'running'
            : upload.status === 'completed'
                ? 'completed'
                : upload.status === 'failed'
                    ? 'failed'
                    : 'queued';
    f.rows = upload.numRows;
    if (f.status === 'failed')
        f.error = upload.errorMessage ?? 'Redivis reported the upload as failed';
    d.log.info(`${f.name}: upload created (${upload.status})`);
}
/**
 * Deletes the uploads this run created that failed or did not finish (a cancel, a timeout), within a bounded time;
 * also one whose create was sent but never answered (a cancel mid-request), found by its name.
 */
async function cleanUp(report, inputs, tableRef, d) {
    const doomed = report.files.filter(f => (f.creating && !f.created) ||
        (f.created &&
            f.uploadUri &&
            !f.deleted &&
            (f.status === 'failed' ||
                (!model/* TERMINAL_STATUSES */.CM.includes(f.status) && (d.signal.aborted || inputs.wait)))));
    if (doomed.length === 0)
        return;
    const client = apiClient({ ...inputs, maxRetries: Math.min(inputs.maxRetries, 2) }, d, AbortSignal.timeout(CLEANUP_TIMEOUT_MS));
    await Promise.all(doomed.map(async (f) => {
        try {
            if (!f.created) {
                // if-exists made sure no upload of this name existed (or deleted it) before the create was sent.
                const made = await client.findUpload(tableRef, f.name);
                if (!made)
                    return;
                f.created = true;
                f.uploadUri = made.uri;
            }
            await client.deleteUpload(f.uploadUri, f.name);
            f.deleted = true;
            if (f.status !== 'failed') {
                f.status = 'failed';
                f.error ??= d.signal.aborted
                    ? 'interrupted before processing finished; deleted'
                    : 'did not finish; deleted';
            }
            d.log.info(`${f.name}: deleted the upload this run created, so a rerun starts clean`);
        }
        catch (err) {
            d.log.warning(`${f.name}: the upload could not be deleted (${errorText(err)}); delete it in Redivis before a rerun, or rerun with if-exists: replace`);
        }
    }));
}
function apiClient(inputs, d, signal) {
    return new RedivisClient({
        baseUrl: inputs.apiBaseUrl,
        token: inputs.apiToken,
        transport: d.transport,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        clock: d.clock,
        signal,
        tableInput: inputs.tableInput,
        onAdopted: what => d.log.info(`Redivis API: ${what}: the failed attempt had done it; using that (nothing made twice)`),
        onRetry: (what, e) => d.log.info(`Redivis API: ${what} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`)
    });
}
async function pool(items, limit, work) {
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length)
            await work(items[next++]);
    });
    // Every worker ends before the clean-up runs, so nothing is created behind its back.
    const failed = (await Promise.allSettled(workers)).find(r => r.status === 'rejected');
    if (failed)
        throw failed.reason;
}
function errorText(err) {
    return err instanceof Error ? err.message : String(err);
}

// EXTERNAL MODULE: ./src/redivis/inputs.ts
var inputs = __webpack_require__(2159);
// EXTERNAL MODULE: ./src/cli/common.ts + 2 modules
var common = __webpack_require__(4597);
// EXTERNAL MODULE: ./src/cli/exit-codes.ts
var exit_codes = __webpack_require__(8551);
;// CONCATENATED MODULE: ./src/cli/redivis.ts
// `x-compliance redivis upload`: the redivis-upload action's flow (the same runRedivisUpload) from the command
// line. The token comes from REDIVIS_API_TOKEN or --token-file, never an argument; a progress bar across all
// files on a terminal; the action's outputs as lines or --json; exit codes on the CLI's table.









const REDIVIS_TOKEN_ENV = 'REDIVIS_API_TOKEN';
const FLAG_OF = {
    table: 'table',
    kind: 'kind',
    'upload-type': 'uploadType',
    'upload-options': 'uploadOptions',
    'if-exists': 'ifExists',
    'merge-strategy': 'mergeStrategy',
    'processing-timeout-minutes': 'processingTimeoutMinutes',
    concurrency: 'concurrency',
    'resumable-min-size': 'resumableMinSize',
    'api-base-url': 'apiBaseUrl',
    'chunk-size': 'chunkSize',
    'max-retries': 'maxRetries',
    'retry-base-delay-ms': 'retryBaseDelayMs',
    'request-timeout-seconds': 'requestTimeoutSeconds'
};
function readRedivisFlags(opts, token) {
    return (0,inputs/* readRedivisInputs */.GD)(name => {
        if (name === 'api-token')
            return token;
        if (name === 'files')
            return (opts.file ?? []).join('\n');
        if (name === 'create-next-version')
            return opts.createNextVersion === undefined ? undefined : String(opts.createNextVersion);
        if (name === 'wait')
            return opts.wait === undefined ? undefined : String(opts.wait);
        const key = FLAG_OF[name];
        const v = key ? opts[key] : undefined;
        return typeof v === 'string' ? v.trim() : undefined;
    });
}
/** The action's input names read as flags (`if-exists: skip` -> `--if-exists skip`). */
function flagText(message) {
    const names = Object.keys(inputs/* REDIVIS_INPUT_DEFAULTS */.TI).filter(n => n !== 'api-token' && n !== 'files');
    let out = message.replace(/\bfiles(:| is required)/, '--file$1');
    for (const n of names)
        out = out.replace(new RegExp(`(^|[\\s(])${n}(:? )`, 'g'), `$1--${n} `);
    return out;
}
async function redivisUploadCommand(opts, ctx) {
    const ui = (0,common/* createUi */.DY)(ctx, opts);
    const { log, bar } = ui;
    let inputs;
    let report;
    const fail = (err, code, message) => {
        ui.close();
        const text = message ?? flagText(err instanceof Error ? err.message : String(err));
        log.error(text);
        if (ui.json)
            ui.result('', { ...(report ? outputsOf(report) : {}), error: log.redact(text), 'exit-code': code });
        return code;
    };
    let files;
    try {
        const { token } = await (0,common/* resolveToken */.E7)(opts, ctx, REDIVIS_TOKEN_ENV);
        (0,common/* maskToken */.gg)(log, token);
        if (!token)
            throw new action_inputs/* InputError */.dz('api-token', `no Redivis API token: set ${REDIVIS_TOKEN_ENV} in the environment, or pass --token-file <path>. It is never taken as an argument.`);
        inputs = readRedivisFlags(opts, token);
        const warning = await (0,common/* tokenFileWarning */.GC)(opts, ctx);
        if (warning)
            log.warning(warning);
        report = newRedivisReport(inputs.tableInput, inputs.kind, inputs.wait, clock/* systemClock */.m.now());
        files = await resolveFiles(inputs.files, inputs.kind, ctx.cwd);
    }
    catch (err) {
        return fail(err, (0,exit_codes/* exitCodeFor */.Rr)(err));
    }
    const total = files.reduce((s, f) => s + f.size, 0);
    const signals = (0,common/* cliSignals */.cg)(ui, { stopping: 'stopping and deleting the unfinished uploads' });
    try {
        await (0,common/* withSignals */.MG)(signal => runRedivisUpload(inputs, files, {
            log,
            transport: (0,transport/* createTransport */.oO)({ onProxy: p => log.info(`Using the proxy ${p}`) }),
            clock: clock/* systemClock */.m,
            signal,
            onProgress: () => {
                if (!bar || !report)
                    return;
                const done = report.files.reduce((s, f) => s + f.acknowledged, 0);
                bar.setUpload(done, total, done);
            }
        }, report), signals.options);
    }
    catch (err) {
        report.endedAt = clock/* systemClock */.m.now();
        const sig = signals.signalled();
        if (sig)
            return fail(err, (0,exit_codes/* exitCodeForSignal */.XG)(sig), `cancelled by ${sig}`);
        return fail(err, (0,exit_codes/* exitCodeFor */.Rr)(err));
    }
    report.endedAt = clock/* systemClock */.m.now();
    const o = outputsOf(report);
    ui.result(Object.entries(o)
        .filter(([k, v]) => v !== null && k !== 'uploads')
        .map(([k, v]) => `${k.padEnd(16)} ${String(v)}`)
        .concat(report.files.map(f => `${f.file.relative} -> ${f.name}: ${f.status}${f.rows !== null ? `, ${f.rows} rows` : ''}`))
        .join('\n'), o);
    return exit_codes/* EXIT */.dc.OK;
}
/** The action's outputs, typed (numbers as numbers, uploads as an array, null when empty). */
function outputsOf(r) {
    const t = totals(r);
    return {
        uploads: JSON.parse(uploadsJson(r)),
        'uploaded-count': t.uploaded,
        'failed-count': t.failed,
        'skipped-count': t.skipped,
        'bytes-uploaded': t.bytes,
        rows: t.rows ?? null,
        version: r.version ?? null
    };
}


/***/ })

};
