export const id = 615;
export const ids = [615];
export const modules = {

/***/ 3525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qn: () => (/* binding */ crc32cOf),
/* harmony export */   V3: () => (/* binding */ fileCrc32c),
/* harmony export */   d_: () => (/* binding */ createCrc32c),
/* harmony export */   xL: () => (/* binding */ crc32cImpl)
/* harmony export */ });
/* unused harmony exports CRC32C_ENV, nativeTargets */
/* harmony import */ var hash_wasm__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(608);
/* harmony import */ var hash_wasm__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(hash_wasm__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_3__);
// CRC32C (Castagnoli), as GCS checks it: hardware-accelerated through @node-rs/crc32's native binary where dist/
// ships one for this platform (about 3x the WASM speed here), else hash-wasm's WASM. The binaries are loaded with
// process.dlopen from dist/native/ (or, in a checkout, from node_modules) so the bundler leaves them alone.





const CASTAGNOLI = 0x82f63b78;
/** Set to `wasm` to never load a native binary (the fallback's own tests; a platform whose binary misbehaves). */
const CRC32C_ENV = 'X_COMPLIANCE_CRC32C';
/** The native binaries that may fit this platform, most likely first (glibc before musl). */
function nativeTargets(platform = process.platform, arch = process.arch) {
    if (platform === 'linux' && (arch === 'x64' || arch === 'arm64'))
        return [`linux-${arch}-gnu`, `linux-${arch}-musl`];
    if (platform === 'darwin' && (arch === 'x64' || arch === 'arm64'))
        return [`darwin-${arch}`];
    if (platform === 'win32' && (arch === 'x64' || arch === 'arm64'))
        return [`win32-${arch}-msvc`];
    return [];
}
let native;
function loadNative() {
    if (native !== undefined)
        return native;
    native = null;
    if (process.env[CRC32C_ENV] === 'wasm')
        return native;
    const here = node_path__WEBPACK_IMPORTED_MODULE_2__.dirname((0,node_url__WEBPACK_IMPORTED_MODULE_3__.fileURLToPath)(import.meta.url));
    for (const target of nativeTargets()) {
        const name = `crc32.${target}.node`;
        const candidates = [
            node_path__WEBPACK_IMPORTED_MODULE_2__.join(here, 'native', name), // dist/index.js
            node_path__WEBPACK_IMPORTED_MODULE_2__.join(here, '..', 'native', name), // dist/<action>/index.js
            node_path__WEBPACK_IMPORTED_MODULE_2__.join(here, '..', '..', 'node_modules', '@node-rs', `crc32-${target}`, name) // src/upload in a checkout
        ];
        for (const file of candidates) {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
                continue;
            try {
                const mod = { exports: {} };
                process.dlopen(mod, file);
                const fn = mod.exports.crc32c;
                // a binary that loads but computes wrong is worse than none: check it on the standard test vector
                if (typeof fn === 'function' && fn(Buffer.from('123456789')) >>> 0 === 0xe3069283)
                    return (native = fn);
            }
            catch {
                // another libc's build, or a broken file: try the next one
            }
        }
    }
    return native;
}
/** Which implementation hashes here. */
function crc32cImpl() {
    return loadNative() ? 'native' : 'wasm';
}
/** A new hash: by default the fastest here; tests name the implementation to compare them. */
async function createCrc32c(impl = crc32cImpl()) {
    const fn = impl === 'native' ? loadNative() : null;
    if (impl === 'native' && !fn)
        throw new Error('no native CRC32C binary for this platform');
    if (fn) {
        let state = 0;
        return {
            update: data => void (state = fn(data, state)),
            digest: () => toBase64(state >>> 0)
        };
    }
    const hasher = await (0,hash_wasm__WEBPACK_IMPORTED_MODULE_4__.createCRC32)(CASTAGNOLI);
    hasher.init();
    return {
        update: data => void hasher.update(data),
        digest: () => Buffer.from(hasher.digest('binary')).toString('base64')
    };
}
function toBase64(value) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value);
    return b.toString('base64');
}
/** CRC32C of a whole file, read in 1 MiB pieces into one buffer; `onRead` sees each piece (for a progress line). */
async function fileCrc32c(file, onRead) {
    const crc = await createCrc32c();
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, 'r');
    try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (let pos = 0;;) {
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0)
                break;
            crc.update(buf.subarray(0, bytesRead));
            pos += bytesRead;
            onRead?.(bytesRead);
        }
    }
    finally {
        await fh.close();
    }
    return crc.digest();
}
/** The crc32c value of an `x-goog-hash` header (`crc32c=...,md5=...`, possibly repeated); undefined if none. */
function crc32cOf(xGoogHash) {
    if (!xGoogHash)
        return undefined;
    return /(?:^|[,\s])crc32c=([A-Za-z0-9+/]+={0,2})/.exec(xGoogHash)?.[1];
}


/***/ }),

/***/ 6615:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y4: () => (/* binding */ uploadResumable)
/* harmony export */ });
/* unused harmony export MAX_SESSION_RESTARTS */
/* harmony import */ var _crc32c_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3525);
/* harmony import */ var _file_source_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(853);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7758);
/* harmony import */ var _gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(443);
/* harmony import */ var _net_transport_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9955);
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7893);
/* harmony import */ var _net_clock_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2881);
// GCS XML API resumable upload of a file, as an explicit state machine (modelled on tus-js-client):
//
//   start ──> send(offset) ──308 Range──> send(next) ... ──200/201──> done
//                 │ fault                     ▲
//                 ▼                           │ 308 (Range or none)
//               query ───────────────────────-┤
//                 │ 308 Range = whole object  │
//                 ▼                           │
//              finalize ──────────────────────┘
//   404/410/499 anywhere -> lost -> start (a new session, from byte 0)
//   store.resumeUri -> query first (skips start)
//   400 "CRC32C mismatch" on the finalizing request -> once: start (from byte 0), with the file hashed again
//
// Only the server's Range decides where to continue; the bytes are read again from the file, and every body
// streams from the disk in slices (memory does not grow with the chunk size). A fault is never answered by
// resending blindly: first ask the server. Status queries say `bytes */*`, which cannot finalize; only the
// finalizing request (the last data chunk, or the empty `bytes */total` when the server holds every byte but
// did not finalize) finalizes, and it carries the file's CRC32C, known before the first byte is sent (a body's
// headers go out before its bytes), so the server refuses an object that differs from the file. The server's own
// CRC32C in the final answer is compared too.








/** Consecutive lost sessions allowed without getting further into the file than ever before. */
const MAX_SESSION_RESTARTS = 3;
const LOST_SESSION = new Set([404, 410, 499]);
async function uploadResumable(opts) {
    validate(opts);
    if (opts.signal?.aborted)
        throw (0,_net_transport_js__WEBPACK_IMPORTED_MODULE_4__/* .abortedError */ .ip)(opts.signal);
    const file = await (opts.openFile ?? _file_source_js__WEBPACK_IMPORTED_MODULE_1__/* .FileSource */ ._.open)(opts.file.path, opts.file.size);
    try {
        const crc32c = opts.crc32c ?? (await (0,_crc32c_js__WEBPACK_IMPORTED_MODULE_0__/* .fileCrc32c */ .V3)(opts.file.path));
        return await new ResumableUpload(opts, file, crc32c).run();
    }
    finally {
        await file.close();
    }
}
function validate(opts) {
    const { chunkSize, file, stallTimeoutMs } = opts;
    if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || chunkSize % _gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .GCS_BLOCK */ .Au !== 0) {
        throw new Error(`chunk size ${chunkSize} is not a positive multiple of 256 KiB`);
    }
    if (!Number.isSafeInteger(file.size) || file.size < 0)
        throw new Error(`invalid file size ${file.size}`);
    if (!(stallTimeoutMs > 0))
        throw new Error(`invalid stall timeout ${stallTimeoutMs} ms`);
}
class ResumableUpload {
    opts;
    file;
    crc32c;
    clock;
    retry;
    total;
    startedAt;
    session;
    sessions = 0;
    requests = 0;
    /** The server's offset in the current session (its word, even when it goes down). */
    acknowledged = 0;
    /** The end of the furthest bytes put into any request of the current session. */
    maxSent = 0;
    /** The furthest offset any session ever reached, and the lost sessions since it last grew. */
    best = 0;
    restartsWithoutProgress = 0;
    lostSessionsRecovered = 0;
    /** The current session came from store.resumeUri: what an earlier run sent is unknown. */
    resumed = false;
    hashRestarts = 0;
    constructor(opts, file, 
    /** The file's CRC32C, as the finalizing request states it. */
    crc32c) {
        this.opts = opts;
        this.file = file;
        this.crc32c = crc32c;
        this.clock = opts.clock ?? _net_clock_js__WEBPACK_IMPORTED_MODULE_6__/* .systemClock */ .m;
        this.retry = new _net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .RetryState */ .OX(opts.retry, this.clock);
        this.total = opts.file.size;
        this.startedAt = this.clock.now();
    }
    async run() {
        const uri = this.opts.store?.resumeUri;
        let step = uri ? { kind: 'resume', uri } : { kind: 'start' };
        while (step.kind !== 'done') {
            if (this.opts.signal?.aborted)
                throw (0,_net_transport_js__WEBPACK_IMPORTED_MODULE_4__/* .abortedError */ .ip)(this.opts.signal);
            step = await this.next(step);
        }
        this.setAcknowledged(this.total);
        this.report(this.total);
        return {
            bytes: this.total,
            status: step.status,
            sessions: this.sessions,
            faultsRecovered: this.retry.totalRecovered + this.lostSessionsRecovered,
            elapsedMs: this.clock.now() - this.startedAt,
            requests: this.requests,
            response: step.response,
            crc32c: this.crc32c
        };
    }
    next(step) {
        switch (step.kind) {
            case 'start':
                return this.startSession();
            case 'resume':
                return Promise.resolve(this.resumeSession(step.uri));
            case 'send':
                return this.sendChunk(step.offset);
            case 'query':
                return this.sendStatus('status');
            case 'finalize':
                return this.sendStatus('finalize');
            case 'lost':
                return this.replaceSession(step.status);
        }
    }
    async startSession() {
        const { url, headers } = this.opts.start;
        const res = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .requestWithRetry */ .En)(this.transport, () => ({
            method: 'POST',
            url,
            headers: { ...this.opts.headers, ...headers },
            stallTimeoutMs: this.opts.stallTimeoutMs
        }), this.retryOptions('start'));
        if (res.status !== 200 && res.status !== 201)
            throw await this.refused(res, 'starting the upload session', true);
        const location = res.headers.get('location');
        if (!location) {
            await res.dispose();
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`starting the upload session failed: the server answered HTTP ${res.status} without a Location ` +
                'header, so there is no session to upload to; check that the URL is a resumable upload URL', { status: res.status });
        }
        this.session = new URL(location, url).href;
        this.opts.store?.onSession?.(this.session);
        await res.dispose();
        this.sessions++;
        this.resumed = false;
        this.setAcknowledged(0);
        this.maxSent = 0;
        return { kind: 'send', offset: 0 };
    }
    /** Adopt a session of an earlier run: its first status answer says where to continue. */
    resumeSession(uri) {
        this.session = uri;
        this.sessions++;
        this.resumed = true;
        return { kind: 'query' };
    }
    async sendChunk(offset) {
        const length = Math.min(this.opts.chunkSize, this.total - offset);
        const body = this.total === 0 ? Buffer.alloc(0) : this.file.body(offset, length);
        const end = offset + length;
        const final = end === this.total;
        if (final)
            await this.file.checkUnchanged();
        const range = this.total === 0 ? (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .statusRange */ .io)(0) : (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .dataRange */ .so)(offset, length, this.total);
        this.maxSent = Math.max(this.maxSent, end);
        let res;
        try {
            res = await this.transport({
                ...this.sessionRequest(range, body, final),
                onBodyProgress: n => this.report(offset + n)
            });
        }
        catch (err) {
            return this.fault(err, 'chunk');
        }
        return this.answer(res, 'chunk', { from: offset, final, range });
    }
    // A status query (bytes */*), or the empty PUT (bytes */total) that finalizes, with the hash.
    async sendStatus(phase) {
        if (phase === 'finalize')
            await this.file.checkUnchanged();
        const res = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .requestWithRetry */ .En)(this.transport, () => phase === 'finalize'
            ? this.sessionRequest((0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .statusRange */ .io)(this.total), undefined, true)
            : this.sessionRequest(_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .QUERY_RANGE */ .p6), this.retryOptions(phase));
        return this.answer(res, phase);
    }
    async answer(res, phase, chunk) {
        const { status } = res;
        if (status === 308) {
            let offset;
            try {
                offset = (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .nextOffset */ .vk)(res.headers.get('range'));
            }
            finally {
                await res.dispose();
            }
            return this.resumeAt(offset, phase, chunk?.from);
        }
        if (status === 200 || status === 201) {
            if (chunk && !chunk.final) {
                await res.dispose();
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the server reported the upload complete after bytes ${chunk.range.slice(6)}, before all ` +
                    `${this.total} bytes were sent; the stored object would be incomplete`, { status });
            }
            let body;
            try {
                body = await res.text();
            }
            catch (err) {
                return this.fault(err, phase); // the final answer was cut: ask the server again
            }
            this.checkStoredLength(res.headers);
            await this.checkStoredHash(res.headers);
            return { kind: 'done', status, response: { headers: res.headers, body } };
        }
        if (LOST_SESSION.has(status)) {
            await res.dispose();
            return { kind: 'lost', status };
        }
        if ((0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .isRetryableStatus */ .PS)(status)) {
            const floor = (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .retryAfterMs */ .Vs)(res.headers, this.clock.now());
            await res.dispose();
            return this.fault(new _net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .HttpStatusError */ .F9(status), phase, floor);
        }
        const what = phase === 'chunk'
            ? `uploading ${chunk?.range ?? 'a chunk'}`
            : phase === 'status'
                ? 'asking the server for the upload status'
                : 'finalizing the upload';
        const err = await this.refused(res, what);
        // GCS refuses a CRC32C mismatch with 400 (storage-testbench with 412); a precondition 412 names no hash.
        const hashed = phase === 'finalize' || chunk?.final === true;
        if ((status === 400 || status === 412) && hashed && (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .isHashMismatch */ .rv)(err.serverMessage)) {
            return this.hashRejected(err);
        }
        throw err;
    }
    async resumeAt(offset, phase, from) {
        // A resumed session holds what an earlier run sent (unknown here; the final CRC32C check vouches for it).
        const ceiling = this.resumed ? this.total : this.maxSent;
        if (offset > ceiling) {
            const sent = this.resumed ? `the file has ${this.total}` : `this session sent at most ${this.maxSent}`;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the server has more bytes than were sent: it reports ${offset} bytes, but ${sent}; another ` +
                'writer or a server fault may have corrupted the upload, so it was stopped; run the upload again');
        }
        const advanced = offset > this.acknowledged;
        this.setAcknowledged(offset); // the server's word, even if lower: those bytes are read again from the file
        if (advanced)
            this.retry.progress();
        if (offset > this.best) {
            this.best = offset;
            this.restartsWithoutProgress = 0;
        }
        this.report(offset);
        // A data PUT (or finalizing PUT) the server took nothing from counts as a failure, so a server that
        // keeps answering 308 without progress cannot loop forever.
        const stuck = phase === 'finalize' ? offset >= this.total : phase === 'chunk' && offset <= (from ?? 0);
        if (stuck) {
            const reason = phase === 'finalize' ? 'the upload was not finalized' : 'the server kept none of the chunk';
            await this.backoff(new Error(reason), phase);
        }
        return offset >= this.total ? { kind: 'finalize' } : { kind: 'send', offset };
    }
    async fault(err, phase, floorMs) {
        if (!(err instanceof _net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .HttpStatusError */ .F9) && !(0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .isRetryableError */ .$d)(err))
            throw err;
        await this.backoff(err, phase, floorMs);
        return { kind: 'query' };
    }
    async backoff(cause, phase, floorMs) {
        const delayMs = this.retry.failure(cause, floorMs);
        this.opts.onRetry?.({
            attempt: this.retry.consecutiveFailures,
            delayMs,
            reason: (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .describeCause */ .V$)(cause),
            phase
        });
        await this.clock.sleep(delayMs, this.opts.signal);
    }
    async replaceSession(status) {
        this.restartsWithoutProgress++;
        if (this.restartsWithoutProgress > MAX_SESSION_RESTARTS) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the upload session was lost ${this.restartsWithoutProgress} times in a row (last: HTTP ${status}) ` +
                'without getting further into the file; try again later', { status });
        }
        const reason = `the upload session is gone (HTTP ${status})`;
        await this.opts.beforeNewSession?.(reason);
        this.lostSessionsRecovered++;
        this.opts.onRetry?.({
            attempt: this.restartsWithoutProgress,
            delayMs: 0,
            reason: `${reason}; starting a new session from byte 0`,
            phase: 'start'
        });
        this.session = undefined;
        return { kind: 'start' };
    }
    /**
     * The server refused the finalizing request because the bytes it holds do not match the file's CRC32C.
     * If the file is unchanged, the bytes were damaged on the way: once, start over in a new session (the old
     * one is left to expire, never deleted); a second time, stop.
     */
    async hashRejected(err) {
        const quoted = err.serverMessage ? ` (${err.serverMessage})` : '';
        if (this.hashRestarts > 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the server's CRC32C check failed again after starting over in a new session: HTTP ${err.status}${quoted}; ` +
                'the bytes reaching the server differ from the file (something between the disk and the server ' +
                'corrupts them), so nothing was finalized; check the machine and the network, then run again', { status: err.status, serverMessage: err.serverMessage });
        }
        await this.file.checkUnchanged(); // a changed file explains the mismatch: that is the error then
        this.hashRestarts++;
        // Hashed again: a change the size and modification time hide is then uploaded as the file now is.
        const now = await (0,_crc32c_js__WEBPACK_IMPORTED_MODULE_0__/* .fileCrc32c */ .V3)(this.file.path);
        const changed = now !== this.crc32c;
        this.crc32c = now;
        const reason = `the server's CRC32C check of the upload failed (HTTP ${err.status}${quoted})`;
        await this.opts.beforeNewSession?.(reason);
        this.lostSessionsRecovered++;
        this.opts.onRetry?.({
            attempt: this.hashRestarts,
            delayMs: 0,
            reason: changed
                ? `${reason}; the file's content changed, so starting once more in a new session from byte 0`
                : `${reason}; the file is unchanged, so starting once more in a new session from byte 0`,
            phase: 'start'
        });
        this.session = undefined;
        return { kind: 'start' };
    }
    /** The server's CRC32C of the finalized object must be the file's: anything else is not our upload. */
    async checkStoredHash(headers) {
        const stored = (0,_crc32c_js__WEBPACK_IMPORTED_MODULE_0__/* .crc32cOf */ .Qn)(headers.get('x-goog-hash'));
        if (stored === undefined)
            return;
        const local = this.crc32c;
        if (stored !== local) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the server finalized an object whose CRC32C (${stored}) differs from the file's (${local}); ` +
                'the stored object is not the file: run the upload again');
        }
    }
    // GCS may say how much it stored; if it disagrees with the file, the object is not what we uploaded.
    checkStoredLength(headers) {
        const stored = headers.get('x-goog-stored-content-length');
        if (stored !== null && stored.trim() !== '' && Number(stored) !== this.total) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`the server stored ${stored} bytes but the file has ${this.total}; the object is incomplete`);
        }
    }
    async refused(res, what, atStart = false) {
        let text = '';
        try {
            text = await res.text(64 * 1024);
        }
        catch {
            // the status alone still explains the refusal
        }
        const message = (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .serverMessage */ .x_)(text);
        const quoted = message ? (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(message, [this.opts.start.url, this.session]) : undefined;
        const hint = HINTS[res.status] ?? 'the server refused the request';
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UploadError */ .o(`${what} failed: the server answered HTTP ${res.status}${quoted ? ` (${quoted})` : ''}; ${hint}`, { status: res.status, serverMessage: quoted, atStart });
    }
    sessionRequest(range, body, finalizing = false) {
        if (this.session === undefined)
            throw new Error('no upload session');
        const headers = {
            ...this.opts.headers,
            'content-range': range,
            'content-length': String(body?.length ?? 0)
        };
        if (finalizing)
            headers['x-goog-hash'] = (0,_gcs_protocol_js__WEBPACK_IMPORTED_MODULE_3__/* .hashHeader */ .as)(this.crc32c);
        return {
            method: 'PUT',
            url: this.session,
            headers,
            body,
            stallTimeoutMs: this.opts.stallTimeoutMs,
            signal: this.opts.signal
        };
    }
    retryOptions(phase) {
        return {
            state: this.retry,
            clock: this.clock,
            signal: this.opts.signal,
            onRetry: (e) => this.opts.onRetry?.({ ...e, phase })
        };
    }
    transport = req => {
        this.requests++;
        return this.opts.transport(req);
    };
    setAcknowledged(offset) {
        if (offset === this.acknowledged)
            return;
        this.acknowledged = offset;
        this.opts.store?.onAcknowledged?.(offset);
    }
    report(sent) {
        this.opts.onProgress?.({ sent, acknowledged: this.acknowledged, total: this.total });
    }
}
const HINTS = {
    400: 'the server rejected the request as invalid',
    401: 'the signed URL was not accepted: it may have expired; get a fresh upload URL and run again',
    403: 'the signed URL was refused: it may have expired, or the request headers differ from the signed ones; ' +
        'get a fresh upload URL and run again',
    404: 'the upload URL does not exist (anymore); get a fresh upload URL and run again',
    412: 'a precondition on the stored object failed',
    413: 'the server refused the size of the request'
};


/***/ })

};
