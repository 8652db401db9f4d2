export const id = 153;
export const ids = [153];
export const modules = {

/***/ 8153:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SANDBOX_OAUTH1: () => (/* reexport */ SANDBOX_OAUTH1),
  expectedResults: () => (/* reexport */ expectedResults),
  startSandbox: () => (/* reexport */ startSandbox)
});

// UNUSED EXPORTS: APP_ONLY_PREFIX_LENGTH, BLOCK, FaultBook, REASONS, REDIVIS_BUCKET, fPresetList, fPresets, faultName, faultPresets, hmacSha1Signature, oauth1Signature, percentEncode, resultLine, resultsForObject, signatureBaseString

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./src/sandbox/body.ts
const EMPTY = Buffer.alloc(0);
/** Bytes [from, to) of a source, as a source. */
function sliceSource(src, from, to) {
    return { length: to - from, chunks: (a, b) => src.chunks(from + a, from + b) };
}
/** A source of this length that sends nothing (a HEAD answer: Node drops the body anyway). */
function silentSource(length) {
    return { length, chunks: () => [][Symbol.iterator]() };
}
/** Writes bytes [from, to) of `body`; `then` runs once the last of them was flushed to the socket. */
function writeRange(res, body, from, to, then) {
    if (Buffer.isBuffer(body)) {
        res.write(body.subarray(from, to), then);
        return;
    }
    const it = body.chunks(from, to);
    let next = it.next();
    if (next.done) {
        res.write(EMPTY, then);
        return;
    }
    const step = () => {
        try {
            while (!res.destroyed) {
                const chunk = next.value;
                next = it.next();
                if (next.done) {
                    res.write(chunk, then);
                    return;
                }
                if (!res.write(chunk)) {
                    res.once('drain', step);
                    return;
                }
            }
            it.return?.();
        }
        catch {
            // A body that cannot be made cannot be sent whole: break the response, never the process.
            res.destroy();
        }
    };
    step();
}
/** Writes `body` from byte `from` to its end, then ends the response. */
function endFrom(res, body, from) {
    if (Buffer.isBuffer(body)) {
        res.end(body.subarray(from));
        return;
    }
    writeRange(res, body, from, body.length, () => res.end());
}

;// CONCATENATED MODULE: ./src/sandbox/faults.ts
/** The name used in stats and logs for a fault. */
function faultName(f) {
    if ('status' in f)
        return `status ${f.status}`;
    return Object.keys(f)[0] ?? 'fault';
}
/** Counts matching requests per rule and hands out the fault that fires, first rule first. */
class FaultBook {
    rules = [];
    injected = 0;
    constructor(plan = []) {
        this.set(plan);
    }
    set(plan) {
        this.rules = plan.map(rule => ({ rule, seen: 0, fired: 0 }));
    }
    match(kind, final) {
        let hit;
        for (const r of this.rules) {
            const on = r.rule.on;
            const kindOk = on === '*' || on === kind || (Array.isArray(on) && on.includes(kind));
            if (!kindOk || (r.rule.final !== undefined && r.rule.final !== final))
                continue;
            r.seen++;
            if (hit === undefined && r.seen >= (r.rule.nth ?? 1) && r.fired < (r.rule.times ?? 1)) {
                r.fired++;
                hit = r.rule.do;
            }
        }
        if (hit)
            this.injected++;
        return hit;
    }
}
const KiB = 1024;
const ALL = 2 ** 40;
/**
 * One plan per fault scenario F1-F25 of the reference table that a server can produce (F23, a long upload
 * against a total timeout, and F24, a file changing under the client, are the client's own business).
 * Chunk numbers count data PUTs across sessions; `minChunks` in fPresetList says how many chunks an
 * upload needs for the rule to fire.
 */
const fPlans = {
    'F1-503-after-partial': [{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }],
    'F2-503-nothing-kept': [{ on: 'chunk', do: { status: 503 } }],
    'F3-reset-mid-body': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
    'F3-reset-before-body': [{ on: 'chunk', nth: 2, do: { reset: {} } }],
    'F4-start-fails': [
        { on: 'start', do: { status: 503 } },
        { on: 'start', nth: 2, do: { reset: {} } }
    ],
    'F5-408-on-chunk': [{ on: 'chunk', do: { status: 408 } }],
    'F6-429-on-chunk': [{ on: 'chunk', do: { status: 429 } }],
    'F7-keeps-less-middle': [{ on: 'chunk', final: false, do: { keepLess: 128 * KiB } }],
    'F7-keeps-less-final': [{ on: 'chunk', final: true, do: { keepLess: 1 } }],
    'F8-308-no-range': [{ on: 'chunk', nth: 2, do: { dropAll: true } }],
    'F9-final-response-lost': [{ on: 'chunk', final: true, do: { loseFinalResponse: true } }],
    'F10-final-response-truncated': [{ on: 'chunk', final: true, do: { truncateFinalResponse: true } }],
    'F10-final-response-empty': [{ on: 'chunk', final: true, do: { truncateFinalResponse: 'empty' } }],
    'F11-stall-mid-body': [{ on: 'chunk', do: { stall: { afterBytes: 128 * KiB } } }],
    'F11-stall-before-answer': [{ on: 'chunk', do: { stall: {} } }],
    'F12-persisted-not-finalized': [{ on: 'chunk', final: true, do: { holdFinal: true } }],
    'F13-status-query-fails': [
        { on: 'chunk', do: { status: 503 } },
        { on: 'status', do: { status: 503 } },
        { on: 'status', nth: 2, do: { reset: {} } }
    ],
    'F14-session-404': [{ on: 'chunk', nth: 2, do: { sessionGone: 404 } }],
    'F14-session-cancelled-499': [{ on: 'chunk', nth: 2, do: { sessionGone: 499 } }],
    'F15-session-410': [{ on: 'chunk', nth: 2, do: { sessionGone: 410 } }],
    'F16-offset-beyond-sent': [{ on: 'chunk', final: false, do: { overReport: 256 * KiB } }],
    // All of chunk 2 is kept but answered 503; the status query lags 512 KiB behind; the resend is reset
    // before its body, so the next status query shows the offset grown to the truth.
    'F17-commit-lag': [
        { on: 'chunk', nth: 2, do: { status: 503, keepBytes: ALL } },
        { on: 'status', nth: 1, do: { lagBy: 512 * KiB } },
        { on: 'chunk', nth: 3, do: { reset: {} } }
    ],
    'F18-hash-mismatch': [{ on: 'chunk', times: Infinity, do: { corrupt: true } }],
    'F18-hash-mismatch-once': [{ on: 'chunk', do: { corrupt: true } }],
    'F19-412-precondition': [{ on: 'chunk', final: true, do: { status: 412 } }],
    'F20-403-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 403 } }],
    'F20-401-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 401 } }],
    'F20-400-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 400 } }],
    'F21-connection-refused': [{ on: 'chunk', nth: 2, do: { refuse: { ms: 300 } } }],
    'F22-many-spread-faults': [
        { on: 'chunk', nth: 1, do: { status: 503, keepBytes: 128 * KiB } },
        { on: 'chunk', nth: 3, do: { reset: { afterBytes: 100 * KiB } } },
        { on: 'status', nth: 2, do: { status: 503 } },
        { on: 'chunk', nth: 5, do: { status: 408 } },
        { on: 'chunk', nth: 7, do: { status: 503, keepBytes: 128 * KiB } }
    ],
    'F25-overlapping-resend': [{ on: 'chunk', final: false, do: { lagBy: 128 * KiB } }]
};
/** Named plans for tests, the demo and the bench. */
const faultPresets = {
    ...fPlans,
    none: [],
    /** Testbench return-503-after-256K: keep 256 KiB of the first chunk, then 503. */
    '503-after-256k': [{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }],
    /** Testbench return-503 / return-408 on the first chunk, nothing kept. */
    '503-on-chunk': [{ on: 'chunk', do: { status: 503 } }],
    '408-on-chunk': [{ on: 'chunk', do: { status: 408 } }],
    /** Connection reset while the first chunk's body is arriving (whole 256 KiB blocks are kept). */
    'reset-mid-chunk': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
    'reset-on-start': [{ on: 'start', do: { reset: {} } }],
    '503-on-start': [{ on: 'start', do: { status: 503 } }],
    /** F7: the server keeps only 256 KiB of the first chunk. */
    'keeps-less': [{ on: 'chunk', do: { keepLess: 256 * KiB } }],
    /** F8: 308 without Range after the second chunk: everything is lost. */
    'drops-all': [{ on: 'chunk', nth: 2, do: { dropAll: true } }],
    'session-gone-404': [{ on: 'chunk', nth: 2, do: { sessionGone: 404 } }],
    'session-gone-410': [{ on: 'chunk', nth: 2, do: { sessionGone: 410 } }],
    /** F11: stop reading mid-body and never answer (the client's watchdog must fire). */
    'stall-mid-body': [{ on: 'chunk', do: { stall: { afterBytes: 256 * KiB } } }],
    'stall-before-answer': [{ on: 'chunk', do: { stall: {} } }],
    /** F9 / F10: the final chunk is committed but its answer is lost or truncated. */
    'lose-final-response': [{ on: 'chunk', final: true, do: { loseFinalResponse: true } }],
    'truncate-final-response': [{ on: 'chunk', final: true, do: { truncateFinalResponse: true } }],
    'empty-final-response': [{ on: 'chunk', final: true, do: { truncateFinalResponse: 'empty' } }],
    /** F13: the first status query fails. */
    '503-on-status': [{ on: 'status', do: { status: 503 } }],
    /** Ambiguous create: the job exists but the client never hears of it. */
    'create-lost': [{ on: 'create', do: { loseFinalResponse: true } }],
    'create-503-committed': [{ on: 'create', do: { status: 503, commit: true } }],
    'poll-rate-limited': [{ on: 'get', do: { rateLimit: { resetInSeconds: 2 } } }],
    'poll-remaining-zero': [{ on: 'get', do: { rateLimit: { resetInSeconds: 2, mode: 'exhaust' } } }],
    'poll-503': [{ on: 'get', do: { status: 503 } }],
    'job-failed': [{ on: 'create', do: { jobOutcome: 'failed', error: 'Internal error while processing' } }],
    'job-expired': [{ on: 'create', do: { jobOutcome: 'expired' } }],
    /** Broken download stream after 100 bytes (resume with Range). */
    'download-broken': [{ on: 'download', do: { reset: { afterBytes: 100 } } }],
    '503-on-download': [{ on: 'download', do: { status: 503 } }],
    /** Redivis: the upload is created but the client never hears of it (it must look it up by name). */
    'redivis-upload-create-lost': [{ on: 'uploadCreate', do: { loseFinalResponse: true } }],
    'redivis-upload-create-503-committed': [{ on: 'uploadCreate', do: { status: 503, commit: true } }],
    /** Redivis: the window is spent at the upload creation: 429 with Retry-After 2. */
    'redivis-429-on-upload-create': [{ on: 'uploadCreate', do: { rateLimit: { resetInSeconds: 2 } } }],
    'redivis-429-on-temp-uploads': [{ on: 'tempUploads', do: { rateLimit: { resetInSeconds: 2 } } }],
    'redivis-poll-rate-limited': [{ on: 'uploadGet', do: { rateLimit: { resetInSeconds: 2 } } }],
    'redivis-processing-failed': [
        {
            on: 'uploadCreate',
            do: { uploadOutcome: 'failed', errorMessage: 'Processing failed (injected by the sandbox).' }
        }
    ],
    /** Redivis transfers share the GCS session emulator, so the GCS faults apply to them as they are. */
    'redivis-reset-mid-chunk': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
    'redivis-503-on-simple-put': [{ on: 'simplePut', do: { status: 503 } }],
    /** X media: a reset while the first append's body arrives (nothing of it is kept: resend the index). */
    'media-reset-mid-append': [{ on: 'mediaAppend', do: { reset: { afterBytes: 100 * KiB } } }],
    /** X media: the third append is answered 503 and not kept. */
    'media-503-on-append-3': [{ on: 'mediaAppend', nth: 3, do: { status: 503 } }],
    /** X media: the first append is kept, then the connection is reset instead of answering. */
    'media-append-lost-answer': [{ on: 'mediaAppend', do: { loseFinalResponse: true } }],
    /** X media: finalize finds the upload window spent: 429, x-rate-limit-reset 2 s away, nothing finalized. */
    'media-429-on-finalize': [{ on: 'mediaFinalize', do: { rateLimit: { resetInSeconds: 2 } } }],
    /** X media: processing ends failed with InvalidMedia. */
    'media-processing-failed': [{ on: 'mediaFinalize', do: { mediaOutcome: 'failed' } }],
    /** X media: the 24-hour user limit is spent at initialize, resetting in 3 hours (fail at once). */
    'media-24h-limit': [{ on: 'mediaInit', do: { rateLimit24h: { resetInSeconds: 3 * 3600 } } }],
    /** A bit of everything on one upload: what a robust client must shrug off. */
    'rough-network': [
        { on: 'start', do: { status: 503 } },
        { on: 'chunk', nth: 1, do: { reset: { afterBytes: 300 * KiB } } },
        { on: 'status', nth: 1, do: { status: 408 } },
        { on: 'chunk', nth: 3, do: { keepLess: 256 * KiB } },
        { on: 'chunk', nth: 5, do: { status: 503, keepBytes: 256 * KiB } },
        { on: 'chunk', final: true, do: { loseFinalResponse: true } },
        { on: 'get', nth: 1, do: { status: 503 } }
    ]
};
function preset(id, name, survivable, minChunks, expect) {
    return { id, name, plan: fPlans[name], survivable, minChunks, expect };
}
/** Every F-preset, variants included, for tests that iterate over them. */
const fPresetList = [
    preset('F1', 'F1-503-after-partial', true, 1, 'back off, ask the server, resume from its Range + 1 (re-read)'),
    preset('F2', 'F2-503-nothing-kept', true, 1, 'back off, ask the server (308 without Range), resend'),
    preset('F3', 'F3-reset-mid-body', true, 1, 'ECONNRESET is retryable: ask the server, resume'),
    preset('F3', 'F3-reset-before-body', true, 2, 'ECONNRESET is retryable: ask the server, resume'),
    preset('F4', 'F4-start-fails', true, 0, 'retry the start POST (503, then a reset)'),
    preset('F5', 'F5-408-on-chunk', true, 1, '408 is retryable: ask the server, resume'),
    preset('F6', 'F6-429-on-chunk', true, 1, '429 is retryable (Retry-After honoured when sent)'),
    preset('F7', 'F7-keeps-less-middle', true, 2, 'resend from Range + 1 in the same session'),
    preset('F7', 'F7-keeps-less-final', true, 1, 'the final chunk was partly kept: resend its tail'),
    preset('F8', 'F8-308-no-range', true, 2, '308 without Range = nothing kept: resend from byte 0, same session'),
    preset('F9', 'F9-final-response-lost', true, 1, 'ask the server: 200 = done (never resend, never delete)'),
    preset('F10', 'F10-final-response-truncated', true, 1, 'ask the server: 200 = done'),
    preset('F10', 'F10-final-response-empty', true, 1, 'a 200 with an empty body is done'),
    preset('F11', 'F11-stall-mid-body', true, 1, 'the stall watchdog aborts (the stall never ends: keep the timeout short in tests); ask, resume'),
    preset('F11', 'F11-stall-before-answer', true, 1, 'the watchdog aborts the wait for an answer; ask, resume'),
    preset('F12', 'F12-persisted-not-finalized', true, 1, 'send the empty finalizing PUT bytes */total'),
    preset('F13', 'F13-status-query-fails', true, 1, 'retry the status query (503, then a reset) in one budget'),
    preset('F14', 'F14-session-404', true, 2, 'session gone: beforeNewSession, new session from byte 0'),
    preset('F14', 'F14-session-cancelled-499', true, 2, 'session cancelled: new session from byte 0'),
    preset('F15', 'F15-session-410', true, 2, 'session gone: new session from byte 0'),
    preset('F16', 'F16-offset-beyond-sent', false, 2, 'fail: "server has more bytes than were sent"'),
    preset('F17', 'F17-commit-lag', true, 3, 'follow the server even when it reports less; resend (overlap)'),
    preset('F18', 'F18-hash-mismatch', false, 1, 'fail after one restart: the CRC32C check failed twice'),
    preset('F18', 'F18-hash-mismatch-once', true, 1, 'file unchanged: restart once in a new session'),
    preset('F19', 'F19-412-precondition', false, 1, 'fail at once quoting the server (PreconditionFailed)'),
    preset('F20', 'F20-403-on-chunk', false, 2, 'fail at once quoting the server (AccessDenied)'),
    preset('F20', 'F20-401-on-chunk', false, 2, 'fail at once quoting the server'),
    preset('F20', 'F20-400-on-chunk', false, 2, 'fail at once quoting the server (InvalidArgument)'),
    preset('F21', 'F21-connection-refused', true, 2, 'ECONNRESET then ECONNREFUSED are retryable: retry'),
    preset('F22', 'F22-many-spread-faults', true, 6, 'succeed: the retry budget resets on progress'),
    preset('F25', 'F25-overlapping-resend', true, 2, 'resend from the (low) Range: the server ignores overlap')
];
/** The first (main) preset of each scenario. */
const fPresets = Object.fromEntries([...fPresetList].reverse().map(p => [p.id, p]));

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/sandbox/http.ts
/** Timers that close() can clear, so stalled requests never keep the process alive. */
class Timers {
    set = new Set();
    later(fn, ms) {
        const t = setTimeout(() => {
            this.set.delete(t);
            fn();
        }, ms);
        this.set.add(t);
    }
    clear() {
        for (const t of this.set)
            clearTimeout(t);
        this.set.clear();
    }
}
/** RST, not FIN: what GCS's and the testbench's reset faults look like to a client. */
function resetSocket(socket) {
    const s = socket;
    if (typeof s.resetAndDestroy === 'function' && !s.destroyed)
        s.resetAndDestroy();
    else
        s.destroy();
}
function markReset(ctx) {
    ctx.record.outcome = 'reset';
    resetSocket(ctx.req.socket);
}
/**
 * Reads the request body, handing each piece to onData, and applies body-side faults
 * (reset / stall after N bytes). Resolves true when the body arrived whole, false when the
 * connection broke or was reset.
 */
function consumeBody(ctx, onData) {
    const { req } = ctx;
    const socket = req.socket;
    const f = ctx.kind === 'download' ? undefined : ctx.fault;
    const resetAfter = f && 'reset' in f ? (f.reset.afterBytes ?? 0) : undefined;
    const stall = f && 'stall' in f && f.stall.afterBytes !== undefined ? f.stall : undefined;
    return new Promise(resolve => {
        let received = 0;
        let done = false;
        let stalled = false;
        const finish = (complete) => {
            if (done)
                return;
            done = true;
            req.off('data', onChunk);
            req.off('end', onEnd);
            req.off('error', onAbort);
            req.off('aborted', onAbort);
            socket.off('close', onAbort);
            resolve(complete);
        };
        const deliver = (buf) => {
            if (!buf.length)
                return;
            received += buf.length;
            ctx.record.bytesReceived += buf.length;
            ctx.onBytes(buf.length);
            onData?.(buf);
        };
        const doReset = () => {
            markReset(ctx);
            finish(false);
        };
        const onChunk = (buf) => {
            if (done)
                return;
            if (resetAfter !== undefined && received + buf.length >= resetAfter) {
                deliver(buf.subarray(0, resetAfter - received));
                return doReset();
            }
            if (stall && !stalled && received + buf.length >= (stall.afterBytes ?? 0)) {
                const cut = (stall.afterBytes ?? 0) - received;
                deliver(buf.subarray(0, cut));
                stalled = true;
                req.pause();
                const rest = buf.subarray(cut);
                if (stall.ms !== undefined)
                    ctx.timers.later(() => {
                        if (done)
                            return;
                        deliver(rest);
                        req.resume();
                    }, stall.ms);
                return;
            }
            deliver(buf);
        };
        const onEnd = () => {
            // A body shorter than the fault's threshold still gets the fault, at its end.
            if (resetAfter !== undefined)
                return doReset();
            if (stall && !stalled) {
                stalled = true;
                if (stall.ms !== undefined)
                    ctx.timers.later(() => finish(true), stall.ms);
                return;
            }
            finish(true);
        };
        const onAbort = () => finish(false);
        if (resetAfter === 0)
            return doReset();
        req.on('data', onChunk);
        req.on('end', onEnd);
        req.on('error', onAbort);
        req.on('aborted', onAbort);
        socket.on('close', onAbort);
    });
}
/** Reads a small body whole (X API JSON); undefined when the connection broke. */
async function readBody(ctx, limit = 1 << 20) {
    const parts = [];
    let size = 0;
    const ok = await consumeBody(ctx, buf => {
        size += buf.length;
        if (size <= limit)
            parts.push(buf);
    });
    return ok ? Buffer.concat(parts) : undefined;
}
function xmlError(status, code, message, details) {
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const extra = details === undefined ? '' : `<Details>${esc(details)}</Details>`;
    return {
        status,
        headers: { 'content-type': 'application/xml; charset=UTF-8' },
        body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${esc(message)}</Message>${extra}</Error>`
    };
}
function jsonReply(status, value, contentType = 'application/json; charset=utf-8') {
    return { status, headers: { 'content-type': contentType }, body: JSON.stringify(value) };
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: ./src/compliance/model.ts
var model = __webpack_require__(9562);
;// CONCATENATED MODULE: ./src/sandbox/result-line.ts
const REASONS = {
    tweets: ['deleted', 'protected', 'suspended', 'scrub_geo', 'bounced'],
    users: ['deleted', 'protected', 'suspended', 'deactivated']
};
/** Share of IDs flagged, in percent, unless the sandbox is told otherwise. */
const result_line_DEFAULT_FLAGGED_PERCENT = 30;
const SECOND = 1000;
const DAY = 86_400 * SECOND;
const EPOCH_2010 = Date.UTC(2010, 0, 1);
// Hot loops use module-level aliases: a global lookup (Math) per byte is slow in a vm context (jest).
const { floor, imul } = Math;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** FNV-1a, 32 bit: tiny, stable across platforms. `h` continues a hash (the scanner hashes bytes). */
function fnv1a(text, from = FNV_OFFSET) {
    // As a signed 32-bit value from the start: one number representation through the loop (faster).
    let h = from | 0;
    for (let i = 0; i < text.length; i++)
        h = imul(h ^ text.charCodeAt(i), FNV_PRIME);
    return h >>> 0;
}
// FNV-1a runs byte by byte, so a hash can go on from the state after a fixed prefix (no string to build).
const FLAG_PREFIX = { tweets: fnv1a('tweets:'), users: fnv1a('users:') };
const WHEN_SUFFIX = { tweets: ':tweets:when', users: ':users:when' };
/** The hash of `${type}:${id}`: whether an ID is flagged, and its reason. */
function flagHash(id, type) {
    return fnv1a(id, FLAG_PREFIX[type]);
}
/** The hash of `${id}:${type}:when`: the line's times. */
function whenHash(id, type) {
    return fnv1a(WHEN_SUFFIX[type], fnv1a(id));
}
function isFlagged(h, percent) {
    return h % 100 < percent;
}
// Date.toISOString costs about a microsecond, two per line: the date part is cached per day (it comes
// from toISOString, so it is exact), the time of day is put together from two-digit strings (measured
// quicker than joining cached strings).
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dates = [];
function iso(ms) {
    const s = floor(ms / SECOND);
    const day = floor(s / 86_400);
    const t = s - day * 86_400;
    const date = (dates[day - 14_610] ??= new Date(day * DAY).toISOString().slice(0, 11));
    return `${date}${PAD2[floor(t / 3600)]}:${PAD2[floor(t / 60) % 60]}:${PAD2[t % 60]}.000Z`;
}
/** Whether the line has redacted_at (X says not every event has it). */
function hasRedacted(h2) {
    return (h2 >>> 20) % 4 !== 0;
}
/** ms epoch of created_at (whole seconds). */
function created(h2) {
    return EPOCH_2010 + (h2 % (12 * 365)) * DAY + (h2 % 86_400) * SECOND;
}
/** ms epoch of redacted_at, when the line has one. */
function redacted(h2) {
    return created(h2) + (((h2 >>> 8) % 900) + 1) * DAY;
}
function reason(h, type) {
    const reasons = REASONS[type];
    return reasons[(h >>> 8) % reasons.length];
}
/** The line (without its newline) for an ID already quoted as JSON, given its two hashes. */
function buildLine(quotedId, type, h, h2) {
    const r = hasRedacted(h2) ? `,"redacted_at":"${iso(redacted(h2))}"` : '';
    return `{"id":${quotedId},"action":"delete","created_at":"${iso(created(h2))}"${r},"reason":"${reason(h, type)}"}`;
}
// Every time is 24 characters (years 2010 to 2025), so a line's length follows from the ID's length,
// the reason and whether redacted_at is there; measured once on a line built the usual way.
const BASE = buildLine('""', 'tweets', 0, 0).length - reason(0, 'tweets').length;
const WITH_REDACTED = ',"redacted_at":"2010-01-01T00:00:00.000Z"'.length;
/** Bytes of buildLine's line for a digits-only ID of `digits` digits (ASCII: one byte a character). */
function lineLength(digits, type, h, h2) {
    return BASE + digits + reason(h, type).length + (hasRedacted(h2) ? WITH_REDACTED : 0);
}
/** The result line for one ID, or undefined when the ID is compliant. */
function result_line_resultLine(id, type, percent = result_line_DEFAULT_FLAGGED_PERCENT) {
    const h = flagHash(id, type);
    if (!isFlagged(h, percent))
        return undefined;
    return buildLine(JSON.stringify(id), type, h, whenHash(id, type));
}

;// CONCATENATED MODULE: ./src/sandbox/results-source.ts

const CHUNK = 64 * 1024;
const { max, min } = Math;
function* lines(ids, type, from, to) {
    const { line, start } = ids.seek(from);
    // The piece being made starts at `pieceStart` in the file; the next line at `pos`.
    let pieceStart = start;
    let pos = start;
    let parts = [];
    for (let i = line; i < ids.count && pos < to; i++) {
        const id = ids.id(i);
        const l = buildLine(`"${id}"`, type, flagHash(id, type), whenHash(id, type));
        parts.push(l);
        pos += l.length + 1;
        if (pos - pieceStart < CHUNK && pos < to && i + 1 < ids.count)
            continue;
        // One join per piece (native copies, no string grown line by line). Lines are ASCII: a character a byte.
        const piece = Buffer.from(parts.join('\n') + '\n', 'latin1');
        const out = piece.subarray(max(0, from - pieceStart), min(piece.length, to - pieceStart));
        if (out.length)
            yield out;
        pieceStart = pos;
        parts = [];
    }
}
function resultsSource(ids, type) {
    return { length: ids.bytes, chunks: (from, to) => lines(ids, type, from, to) };
}

;// CONCATENATED MODULE: ./src/sandbox/signed-url.ts
// The X-Goog-* query of a V4 signed URL, as GCS issues them (the sandbox checks them verbatim, never signs).

/** ISO 8601 with the milliseconds cut to 0 (X and GCS give whole seconds). */
function isoSeconds(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}
/** 20210811T194255Z */
function googDate(ms) {
    return isoSeconds(ms)
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
}
function signedQuery(createdAt, expiresSeconds, signedHeaders) {
    const date = googDate(createdAt);
    const credential = `sandbox@x-compliance-sandbox.iam.gserviceaccount.com/${date.slice(0, 8)}/auto/storage/goog4_request`;
    const params = new URLSearchParams({
        'X-Goog-Algorithm': 'GOOG4-RSA-SHA256',
        'X-Goog-Credential': credential,
        'X-Goog-Date': date,
        'X-Goog-Expires': String(expiresSeconds),
        'X-Goog-SignedHeaders': signedHeaders,
        // 2048-bit RSA signature: 256 bytes, hex.
        'X-Goog-Signature': (0,external_node_crypto_.randomBytes)(256).toString('hex')
    });
    return params.toString();
}

;// CONCATENATED MODULE: ./src/sandbox/jobs.ts
// Compliance jobs: creation, signed URLs, and a status derived from the clock (no timers to leak).





const DOWNLOAD_WINDOW_MS = 7 * 86_400_000;
const BUCKETS = {
    tweets: 'twttr-tweet-compliance',
    users: 'twttr-user-compliance'
};
const UPLOAD_SIGNED_HEADERS = [...Object.keys(model/* UPLOAD_START_HEADERS */._H), 'host'].sort().join(';');
const SIMPLE_SIGNED_HEADERS = 'content-type;host';
class JobStore {
    clock;
    processingMs;
    uploadWindowMs;
    byId = new Map();
    constructor(clock, processingMs, uploadWindowMs) {
        this.clock = clock;
        this.processingMs = processingMs;
        this.uploadWindowMs = uploadWindowMs;
    }
    get(id) {
        return this.byId.get(id);
    }
    all() {
        return [...this.byId.values()];
    }
    status(job, now = this.clock()) {
        if (job.cancelledAt !== undefined)
            return 'failed';
        if (job.finalizedAt !== undefined && job.finalizedAt <= job.uploadExpiresAt) {
            if (now < job.finalizedAt + this.processingMs)
                return 'in_progress';
            return job.outcome?.status ?? 'complete';
        }
        // Nothing finalized inside the upload window (a late finalize does not revive the job).
        return now >= job.uploadExpiresAt ? 'expired' : 'created';
    }
    active(type) {
        return this.all().find(j => j.type === type && ['created', 'in_progress'].includes(this.status(j)));
    }
    create(type, name, resumable) {
        const now = this.clock();
        let id;
        do
            id = `1${String((0,external_node_crypto_.randomInt)(1e9)).padStart(9, '0')}${String((0,external_node_crypto_.randomInt)(1e9)).padStart(9, '0')}`;
        while (this.byId.has(id));
        const job = {
            id,
            type,
            name,
            resumable,
            createdAt: now,
            uploadExpiresAt: now + this.uploadWindowMs,
            downloadExpiresAt: now + DOWNLOAD_WINDOW_MS,
            uploadQuery: signedQuery(now, Math.max(1, Math.ceil(this.uploadWindowMs / 1000)), resumable ? UPLOAD_SIGNED_HEADERS : SIMPLE_SIGNED_HEADERS),
            downloadQuery: signedQuery(now, DOWNLOAD_WINDOW_MS / 1000, 'host'),
            sessionsStarted: 0,
            sessionIds: []
        };
        this.byId.set(id, job);
        return job;
    }
    cancel(job) {
        job.cancelledAt = this.clock();
    }
    /** First finalized upload wins: later sessions of the same job may finish but change nothing. */
    finalizeUpload(job, session, crc32c, results) {
        if (job.finalizedAt !== undefined)
            return;
        job.finalizedAt = this.clock();
        job.object = session.object;
        job.objectSize = session.persisted;
        job.objectCrc32c = crc32c;
        job.results = results;
    }
    /** The flagged IDs behind the results file, once the job is complete. */
    results(job) {
        if (this.status(job) !== 'complete')
            return undefined;
        return job.results;
    }
    uploadUrl(job, base) {
        return `${base}/gcs/${BUCKETS[job.type]}/${job.id}/submission?${job.uploadQuery}`;
    }
    downloadUrl(job, base) {
        return `${base}/gcs/${BUCKETS[job.type]}/${job.id}/delivery?${job.downloadQuery}`;
    }
    /** X's job object. */
    toX(job, base) {
        const status = this.status(job);
        const x = {
            id: job.id,
            type: job.type,
            ...(job.name !== undefined ? { name: job.name } : {}),
            status,
            resumable: job.resumable,
            created_at: isoSeconds(job.createdAt),
            upload_url: this.uploadUrl(job, base),
            upload_expires_at: isoSeconds(job.uploadExpiresAt),
            download_url: this.downloadUrl(job, base),
            download_expires_at: isoSeconds(job.downloadExpiresAt)
        };
        if (status === 'failed' && job.cancelledAt === undefined && job.outcome?.error)
            x.error = job.outcome.error;
        return x;
    }
    snapshot(job, base) {
        const flagged = this.results(job);
        const view = {
            ...this.toX(job, base),
            object: job.object,
            objectSize: job.objectSize,
            objectCrc32c: job.objectCrc32c,
            finalizedAt: job.finalizedAt,
            resultsCount: flagged?.count,
            sessionsStarted: job.sessionsStarted,
            sessionIds: [...job.sessionIds],
            cancelled: job.cancelledAt !== undefined
        };
        // The text is made only when read: a view of a 10-million-line job must not cost a gigabyte.
        let text;
        Object.defineProperty(view, 'results', {
            enumerable: true,
            get: () => (flagged === undefined ? undefined : (text ??= resultsText(flagged, job.type)))
        });
        return view;
    }
}
/** The whole results file as one string (the job view's `results`, for jobs small enough). */
function resultsText(flagged, type) {
    if (flagged.bytes > external_node_buffer_.constants.MAX_STRING_LENGTH)
        throw new RangeError(`The results of this job (${flagged.bytes} bytes) do not fit in one string: use resultsCount and download_url.`);
    const parts = [];
    const it = resultsSource(flagged, type).chunks(0, flagged.bytes);
    for (let r = it.next(); !r.done; r = it.next())
        parts.push(r.value);
    return Buffer.concat(parts).toString('latin1');
}

;// CONCATENATED MODULE: ./src/sandbox/gcs-target.ts
function targetKey(bucket, id) {
    return `${bucket}/${id}`;
}
/** The first lookup that knows the target. */
function anyTarget(...lookups) {
    return (bucket, id) => {
        for (const find of lookups) {
            const t = find(bucket, id);
            if (t)
                return t;
        }
        return undefined;
    };
}

;// CONCATENATED MODULE: ./src/sandbox/gcs-wire.ts

const DATA_RANGE = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/;
const QUERY_RANGE = /^bytes \*\/(\d+|\*)$/;
function num(s) {
    return s === '*' ? undefined : Number(s);
}
/** Numbers beyond 2^53 cannot be offsets: such a header is malformed, not a huge object. */
function safe(...values) {
    return values.every(v => v === undefined || Number.isSafeInteger(v));
}
function contentLength(req) {
    if (req.headers['transfer-encoding'] !== undefined)
        return undefined;
    const v = req.headers['content-length'];
    return v === undefined ? undefined : Number(v);
}
/** Content-Range of a session PUT; without one, the body is the whole object. */
function parseContentRange(req) {
    const raw = req.headers['content-range'];
    if (raw === undefined) {
        const cl = contentLength(req);
        return cl ? { form: 'data', start: 0, end: cl - 1, total: cl } : { form: 'data', start: 0, total: cl };
    }
    return parseContentRangeValue(raw);
}
// The Content-Range value forms GCS accepts: bytes a-b/N, a-b/*, a-*/N, a-*/*, */N and */*.
function parseContentRangeValue(raw) {
    const q = QUERY_RANGE.exec(raw.trim());
    if (q)
        return safe(num(q[1])) ? { form: 'query', total: num(q[1]) } : { form: 'bad' };
    const d = DATA_RANGE.exec(raw.trim());
    if (!d)
        return { form: 'bad' };
    const range = { form: 'data', start: Number(d[1]), end: num(d[2]), total: num(d[3]) };
    return safe(range.start, range.end, range.total) ? range : { form: 'bad' };
}
/**
 * A download's `Range: bytes=N-` or `bytes=N-M` over `size` bytes: the inclusive slice to send (M is
 * clipped to the end), or undefined when it cannot be satisfied (416).
 */
function parseByteRange(header, size) {
    const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
    if (!m)
        return undefined;
    const from = Number(m[1]);
    const to = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    if (!Number.isSafeInteger(from) || from >= size || to < from)
        return undefined;
    return { from, to };
}
/** Whether this request would finalize the upload (for `final` fault rules). */
function wouldFinalize(cr, session) {
    if (cr.form === 'data')
        return cr.end === undefined || (cr.total !== undefined && cr.end === cr.total - 1);
    if (cr.form === 'query')
        return !!session && !session.finalized && session.persisted === cr.total;
    return false;
}
function parseGcsPath(pathname) {
    const m = /^\/gcs\/([^/]+)\/([^/]+)\/(submission|delivery)$/.exec(pathname);
    return m ? { bucket: m[1], id: m[2], leaf: m[3] } : undefined;
}
function signatureMismatch() {
    return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.');
}
function expired(at) {
    return xmlError(400, 'ExpiredToken', 'The provided token has expired.', `Request signature expired at: ${new Date(at).toISOString()}`);
}
function invalidArgument(message) {
    return xmlError(400, 'InvalidArgument', message);
}
function objectReply(session, target) {
    const crc32c = session.crc32c ?? '';
    const size = String(session.persisted);
    const generation = String(target.finalizedAt ?? session.createdAt) + '000';
    const created = new Date(target.finalizedAt ?? session.createdAt).toISOString();
    const meta = {
        kind: 'storage#object',
        id: `${target.bucket}/${target.id}/submission/${generation}`,
        name: `${target.id}/submission`,
        bucket: target.bucket,
        generation,
        metageneration: '1',
        contentType: target.contentType,
        size,
        crc32c,
        storageClass: 'STANDARD',
        timeCreated: created,
        updated: created,
        etag: `"${crc32c}"`
    };
    return {
        status: 200,
        headers: {
            'content-type': 'application/json; charset=UTF-8',
            'x-goog-hash': `crc32c=${crc32c}`,
            'x-goog-stored-content-length': size,
            'x-goog-generation': generation,
            etag: `"${crc32c}"`
        },
        body: JSON.stringify(meta),
        finalized: true
    };
}
/** 308 with `Range: bytes=0-(n-1)`, or without Range when n is 0. */
function rangeReply(n) {
    return { status: 308, headers: n > 0 ? { range: `bytes=0-${n - 1}` } : {} };
}
function incomplete(session) {
    return rangeReply(session.persisted);
}
function goneReply(code) {
    if (code === 499)
        return { status: 499 };
    if (code === 410)
        return xmlError(410, 'Gone', 'The upload session is no longer available.');
    return xmlError(404, 'NoSuchUpload', 'The requested upload was not found.');
}
/** crc32c values named by an x-goog-hash header (md5 is not verified). */
function claimedCrc32c(req) {
    const raw = req.headers['x-goog-hash'];
    const text = Array.isArray(raw) ? raw.join(',') : raw;
    return text ? /(?:^|[,\s])crc32c=([A-Za-z0-9+/=]+)/.exec(text)?.[1] : undefined;
}
/**
 * Finalizes after checking a claimed hash and the target's own rule (a declared size); a refusal finalizes
 * nothing, and `done` false tells the caller to roll back what this request committed.
 */
function finalize(ctx, session, target) {
    const claimed = claimedCrc32c(ctx.req);
    const actual = session.currentCrc32c();
    // Quotes the CRC32C of what arrived, so before any rollback.
    if (claimed !== undefined && claimed !== actual)
        return { done: false, reply: hashMismatch(ctx, session) };
    const refused = target.checkFinal(session);
    if (refused)
        return { done: false, reply: refused };
    session.finalize();
    target.finalized(session, actual);
    return { done: true, reply: objectReply(session, target) };
}
function hashMismatch(ctx, session) {
    return xmlError(400, 'BadRequest', `Provided CRC32C "${claimedCrc32c(ctx.req)}" doesn't match calculated CRC32C "${session.currentCrc32c()}".`);
}

// EXTERNAL MODULE: ./node_modules/hash-wasm/dist/index.umd.js
var index_umd = __webpack_require__(608);
// EXTERNAL MODULE: ./src/upload/gcs-protocol.ts
var gcs_protocol = __webpack_require__(443);
;// CONCATENATED MODULE: ./src/sandbox/session.ts
// One resumable upload session: the persisted bytes, their running CRC32C, what a scanner found in them
// so far (a compliance job's flagged IDs, a Redivis file's lines), and rollback points.


/** GCS keeps whole blocks of this size of a broken request. */
const BLOCK = gcs_protocol/* GCS_BLOCK */.Au;
const CASTAGNOLI = 0x82f63b78;
const WEEK_MS = 7 * 86_400_000;
class UploadSession {
    uploadId;
    targetKey;
    createdAt;
    hasher;
    discard;
    scanner;
    persisted = 0;
    finalized = false;
    /** Declared object size, once a request named it. */
    total;
    /** Status the session answers once it stopped existing (DELETE, fault). */
    gone;
    crc32c;
    object;
    /** The request currently allowed to write (a newer one supersedes a stalled one). */
    writer;
    chunks = [];
    constructor(uploadId, 
    /** `bucket/id` of the upload target the session belongs to. */
    targetKey, createdAt, hasher, discard, 
    /** What scans the committed bytes for the target (read by it once finalized). */
    scanner) {
        this.uploadId = uploadId;
        this.targetKey = targetKey;
        this.createdAt = createdAt;
        this.hasher = hasher;
        this.discard = discard;
        this.scanner = scanner;
    }
    static async create(uploadId, targetKey, now, o) {
        const hasher = await (0,index_umd.createCRC32)(CASTAGNOLI);
        hasher.init();
        const session = new UploadSession(uploadId, targetKey, now, hasher, o.discard, o.scanner);
        session.total = o.total;
        return session;
    }
    /** GCS sessions live about a week. */
    expired(now) {
        return now - this.createdAt > WEEK_MS;
    }
    /** Persists bytes (in order, at the persisted end): the only way bytes enter the object and its results. */
    commit(buf) {
        if (!buf.length)
            return;
        this.hasher.update(buf);
        this.scanner?.push(buf);
        if (!this.discard)
            this.chunks.push(buf);
        this.persisted += buf.length;
    }
    checkpoint() {
        return {
            persisted: this.persisted,
            chunks: this.chunks.length,
            hash: this.hasher.save(),
            scan: this.scanner?.mark()
        };
    }
    rollback(cp) {
        this.persisted = cp.persisted;
        this.chunks.length = Math.min(this.chunks.length, cp.chunks);
        this.hasher.load(cp.hash);
        this.scanner?.rollback(cp.scan);
    }
    /** Fault: everything persisted is lost. */
    reset() {
        this.persisted = 0;
        this.chunks = [];
        this.hasher.init();
        this.scanner?.reset();
    }
    /** CRC32C of the persisted bytes, base64 of the big-endian value (GCS's form). */
    currentCrc32c() {
        const state = this.hasher.save();
        const hex = this.hasher.digest('hex');
        this.hasher.load(state);
        return Buffer.from(hex, 'hex').toString('base64');
    }
    finalize() {
        this.crc32c = this.currentCrc32c();
        this.object = this.discard ? undefined : Buffer.concat(this.chunks, this.persisted);
        this.scanner?.end();
        this.chunks = [];
        this.finalized = true;
        this.total = this.persisted;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/gcs.ts
// GCS signed-URL endpoints: the resumable start POST, a non-resumable simple PUT, the results download.








/** True when the URL carries exactly the X-Goog-* parameters that were issued. */
function signed(ctx, issuedQuery) {
    for (const [k, v] of new URLSearchParams(issuedQuery))
        if (ctx.url.searchParams.get(k) !== v)
            return false;
    return true;
}
/** The upload target behind a signed upload URL, if the URL is exactly as issued. */
function signedTarget(ctx, deps, path) {
    const target = deps.targets(path.bucket, path.id);
    return target && signed(ctx, target.signedQuery) ? target : undefined;
}
/** The job behind a signed download URL. */
function signedDownload(ctx, deps, path) {
    const job = deps.jobs.get(path.id);
    return job && BUCKETS[job.type] === path.bucket && signed(ctx, job.downloadQuery) ? job : undefined;
}
async function handleStart(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const target = signedTarget(ctx, deps, path);
    if (!target)
        return signatureMismatch();
    ctx.jobId = target.jobId;
    const refused = target.authorize(ctx.req);
    if (refused)
        return refused;
    if (deps.clock() > target.expiresAt)
        return expired(target.expiresAt);
    const wrong = target.checkStart(ctx.req);
    if (wrong)
        return wrong;
    const uploadId = `ADPycd${(0,external_node_crypto_.randomBytes)(48).toString('base64url')}`;
    const key = targetKey(target.bucket, target.id);
    deps.sessions.set(uploadId, await UploadSession.create(uploadId, key, deps.clock(), target.sessionOptions()));
    target.sessionStarted(uploadId);
    return {
        status: 201,
        headers: { location: `${target.uploadUrl(ctx.base)}&upload_id=${uploadId}` }
    };
}
/** PUT to a non-resumable upload URL: the whole object in one request. */
async function handleSimplePut(ctx, deps, path) {
    const target = signedTarget(ctx, deps, path);
    const key = target && targetKey(target.bucket, target.id);
    const session = target && key ? await UploadSession.create('', key, deps.clock(), target.sessionOptions()) : undefined;
    let received = 0;
    const whole = await consumeBody(ctx, buf => {
        received += buf.length;
        session?.commit(buf);
    });
    if (!whole)
        return undefined;
    if (!target || !session)
        return signatureMismatch();
    const refused = target.authorize(ctx.req) ?? target.checkSimplePut(ctx.req, received);
    if (refused)
        return refused;
    ctx.jobId = target.jobId;
    if (deps.clock() > target.expiresAt)
        return expired(target.expiresAt);
    const { done, reply } = finalize(ctx, session, target);
    return done ? { ...reply, body: '' } : reply;
}
async function handleDownload(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const job = signedDownload(ctx, deps, path);
    if (!job)
        return signatureMismatch();
    ctx.jobId = job.id;
    if (deps.clock() > job.downloadExpiresAt)
        return expired(job.downloadExpiresAt);
    const results = deps.jobs.results(job);
    if (results === undefined)
        return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
    // Made line by line as it is sent: a results file can be larger than any one string or buffer.
    const data = resultsSource(results, job.type);
    const headers = {
        'content-type': 'application/octet-stream',
        'accept-ranges': 'bytes',
        'x-goog-stored-content-length': data.length
    };
    const range = ctx.req.headers.range;
    if (range === undefined)
        return { status: 200, headers, body: data };
    const slice = parseByteRange(range, data.length);
    if (!slice)
        return {
            ...xmlError(416, 'InvalidRange', 'The requested range cannot be satisfied.'),
            headers: { 'content-type': 'application/xml; charset=UTF-8', 'content-range': `bytes */${data.length}` }
        };
    const { from, to } = slice;
    return {
        status: 206,
        headers: { ...headers, 'content-range': `bytes ${from}-${to}/${data.length}` },
        body: sliceSource(data, from, to + 1)
    };
}

;// CONCATENATED MODULE: ./src/sandbox/session-put.ts
// Session URI requests: data PUTs (308/Range), status queries, DELETE. As strict as GCS.




/** The 308 for an unfinished upload, as the fault (commit lag, an offset beyond the data) makes it look. */
function incompleteAs(session, f) {
    if (f && 'lagBy' in f)
        return rangeReply(Math.max(0, session.persisted - f.lagBy));
    if (f && 'overReport' in f)
        return rangeReply(session.persisted + f.overReport);
    return incomplete(session);
}
/** The session a session URI names and its target, or the answer for a refused, missing or gone one. */
function lookupSession(ctx, deps, path) {
    const target = deps.targets(path.bucket, path.id);
    // Credentials first: a request without them learns nothing about the session.
    const refused = target?.authorize(ctx.req);
    if (refused)
        return refused;
    const id = ctx.url.searchParams.get('upload_id') ?? '';
    const session = deps.sessions.get(id);
    if (!target || !session || session.targetKey !== targetKey(path.bucket, path.id))
        return goneReply(404);
    if (session.expired(deps.clock()))
        return goneReply(404);
    ctx.jobId = target.jobId;
    if (session.gone)
        return goneReply(session.gone === 499 ? 404 : session.gone);
    return { session, target };
}
function isFound(v) {
    return 'session' in v;
}
async function handleSessionDelete(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const found = lookupSession(ctx, deps, path);
    if (!isFound(found))
        return found;
    found.session.gone = 499;
    return goneReply(499);
}
async function handleSessionPut(ctx, deps, path) {
    const found = lookupSession(ctx, deps, path);
    if (!isFound(found))
        return (await consumeBody(ctx)) ? found : undefined;
    const { session, target } = found;
    const f = ctx.fault;
    if (f && 'sessionGone' in f) {
        if (!(await consumeBody(ctx)))
            return undefined;
        session.gone = f.sessionGone;
        return goneReply(f.sessionGone);
    }
    const cr = parseContentRange(ctx.req);
    if (cr.form === 'data' && !session.finalized)
        return chunk(ctx, session, target, cr);
    let bodyBytes = 0;
    if (!(await consumeBody(ctx, b => (bodyBytes += b.length))))
        return undefined;
    if (session.finalized)
        return objectReply(session, target);
    if (cr.form === 'bad')
        return invalidArgument(`Invalid Content-Range: ${ctx.req.headers['content-range']}`);
    if (cr.form !== 'query')
        return invalidArgument('Unexpected request.');
    // Status query.
    if (bodyBytes > 0)
        return invalidArgument('A status query (Content-Range: bytes */N) must have an empty body.');
    if (f && 'dropAll' in f)
        session.reset();
    if (cr.total !== undefined) {
        if (session.persisted > cr.total)
            return invalidArgument(`The object size ${cr.total} is smaller than the ${session.persisted} bytes persisted.`);
        // All bytes persisted but not finalized: this empty PUT finalizes (GCS and testbench do the same).
        if (session.persisted === cr.total && !(f && 'dropAll' in f))
            return finalize(ctx, session, target).reply;
    }
    return incompleteAs(session, f);
}
/** A data PUT: validate like GCS, persist whole 256 KiB blocks as they arrive, settle at the end. */
async function chunk(ctx, session, target, cr) {
    const { start, end, total } = cr;
    const declared = end === undefined ? undefined : end - start + 1;
    const cl = contentLength(ctx.req);
    const finalRange = end !== undefined && total !== undefined && end === total - 1;
    let problem;
    if (end !== undefined && end < start)
        problem = `Invalid Content-Range: bytes ${start}-${end}.`;
    else if (total !== undefined && end !== undefined && end >= total)
        problem = `Content-Range end ${end} is beyond the object size ${total}.`;
    else if (total !== undefined && session.total !== undefined && total !== session.total)
        problem = `The object size changed from ${session.total} to ${total}.`;
    else if (total !== undefined && session.persisted > total)
        problem = `The object size ${total} is smaller than the ${session.persisted} bytes persisted.`;
    else if (start > session.persisted)
        problem = `Invalid request. The range starts at ${start}, but only ${session.persisted} bytes are persisted (a gap).`;
    else if (declared !== undefined && cl !== undefined && cl !== declared)
        problem = `Content-Length ${cl} does not match Content-Range length ${declared}.`;
    else if (declared !== undefined && !finalRange && declared % BLOCK !== 0)
        problem =
            `The number of bytes uploaded is required to be equal or greater than ${BLOCK}, except for the final request ` +
                `(it's recommended to be the exact multiple of ${BLOCK}). The received request contained ${declared} bytes, ` +
                'which does not meet this requirement.';
    if (problem !== undefined)
        return (await consumeBody(ctx)) ? invalidArgument(problem) : undefined;
    if (total !== undefined)
        session.total = total;
    const f = ctx.fault;
    // How many new bytes of this request may be persisted (faults make the server keep less).
    let room = Infinity;
    if (f && 'keepLess' in f)
        room = f.keepLess;
    if (f && 'status' in f)
        room = f.keepBytes ?? 0;
    if (f && 'dropAll' in f)
        room = 0;
    const me = {};
    session.writer = me;
    const cp = session.checkpoint();
    const pending = [];
    let pendingLen = 0;
    let received = 0;
    let overflow = false;
    let dropped = false;
    let corrupt = !!(f && 'corrupt' in f);
    const commit = (all) => {
        let n = all ? pendingLen : pendingLen - (pendingLen % BLOCK);
        pendingLen -= n;
        while (n > 0) {
            const b = pending[0];
            if (b.length <= n) {
                session.commit(b);
                pending.shift();
                n -= b.length;
            }
            else {
                session.commit(b.subarray(0, n));
                pending[0] = b.subarray(n);
                n = 0;
            }
        }
    };
    const complete = await consumeBody(ctx, buf => {
        const at = start + received;
        received += buf.length;
        if (declared !== undefined && received > declared)
            overflow = true;
        if (overflow || session.writer !== me)
            return;
        const known = session.persisted + pendingLen;
        // Resent bytes that overlap what is kept are ignored.
        const skip = Math.max(0, Math.min(buf.length, known - at));
        if (skip === buf.length)
            return;
        if (at + skip !== known)
            return;
        let fresh = buf.subarray(skip);
        if (fresh.length > room) {
            fresh = fresh.subarray(0, room);
            dropped = true;
        }
        room -= fresh.length;
        if (!fresh.length)
            return;
        if (corrupt) {
            fresh = Buffer.from(fresh);
            fresh[0] ^= 0xff;
            corrupt = false;
        }
        pending.push(fresh);
        pendingLen += fresh.length;
        commit(false);
    });
    // A broken request keeps only the whole 256 KiB blocks already committed.
    if (!complete)
        return undefined;
    if (session.writer !== me)
        return incomplete(session);
    session.writer = undefined;
    if (overflow || (declared !== undefined && received !== declared)) {
        session.rollback(cp);
        return invalidArgument(`The body has ${received} bytes but Content-Range names ${declared}.`);
    }
    if (end === undefined && total !== undefined && start + received > total) {
        session.rollback(cp);
        return invalidArgument(`The body runs past the object size ${total}.`);
    }
    commit(true);
    if (f && 'dropAll' in f) {
        session.reset();
        return incomplete(session);
    }
    const isFinal = !dropped &&
        (finalRange
            ? session.persisted === total
            : end === undefined &&
                (total === undefined ? session.persisted === start + received : session.persisted === total));
    if (!isFinal)
        return incompleteAs(session, f);
    if (f && 'holdFinal' in f)
        return incomplete(session);
    const { done, reply } = finalize(ctx, session, target);
    if (!done)
        session.rollback(cp);
    return reply;
}

;// CONCATENATED MODULE: ./src/sandbox/flagged-ids.ts
// The flagged IDs of one upload, 8 bytes each in upload order (duplicates kept), with what a download
// needs to serve their lines without building the text: the total size and where every STRIDE-th line starts.
/** Pages start small (most test jobs are tiny) and grow to PAGE entries; then new pages are added. */
const FIRST_PAGE = 1024;
const PAGE = 1 << 17;
const PAGE_BITS = 17;
/** A Range download starts at most this many lines before its first byte. */
const STRIDE = 64;
// Aliases: a global lookup per line is slow in a vm context (jest).
const { ceil, min: flagged_ids_min } = Math;
class FlaggedIds {
    /** Lines (IDs) held. */
    count = 0;
    /** Bytes of the results file: every line with its newline. */
    bytes = 0;
    pages = [];
    /** offsets[k]: where line k * STRIDE starts. */
    offsets = [];
    /** Digits of IDs written with leading zeros, by index; rare, so kept aside rather than per ID. */
    padded = new Map();
    /** Adds an ID of `lineBytes` result bytes; `padTo` when its text has leading zeros. */
    push(id, lineBytes, padTo) {
        const i = this.count;
        const p = i >>> PAGE_BITS;
        const at = i & (PAGE - 1);
        let page = this.pages[p];
        if (!page || at >= page.length) {
            const grown = new BigUint64Array(page ? flagged_ids_min(PAGE, page.length * 2) : p ? PAGE : FIRST_PAGE);
            if (page)
                grown.set(page);
            page = this.pages[p] = grown;
        }
        page[at] = id;
        if (padTo !== undefined)
            this.padded.set(i, padTo);
        if (i % STRIDE === 0)
            this.offsets.push(this.bytes);
        this.count++;
        this.bytes += lineBytes;
    }
    /** The text of ID number i, as it was uploaded (after trimming). */
    id(i) {
        // BigInt's toString is the quickest way here from 64 bits to a flat string (which hashes fast).
        const text = this.pages[i >>> PAGE_BITS][i & (PAGE - 1)].toString();
        const pad = this.padded.size ? this.padded.get(i) : undefined;
        return pad === undefined ? text : text.padStart(pad, '0');
    }
    mark() {
        return { count: this.count, bytes: this.bytes };
    }
    truncate(m) {
        if (m.count >= this.count)
            return;
        this.count = m.count;
        this.bytes = m.bytes;
        this.offsets.length = ceil(m.count / STRIDE);
        this.pages.length = ceil(m.count / PAGE);
        for (const i of this.padded.keys())
            if (i >= m.count)
                this.padded.delete(i);
    }
    /** The last indexed line starting at or before byte `offset`, and where it starts. */
    seek(offset) {
        let lo = 0;
        let hi = this.offsets.length - 1;
        if (hi < 0)
            return { line: 0, start: 0 };
        while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if (this.offsets[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { line: lo * STRIDE, start: this.offsets[lo] };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/results.ts


/** Longer lines cannot hold an ID: they are skipped, never turned into a string or kept. */
const MAX_LINE = 256;

/** The result lines the sandbox produces for these IDs (in order, one per flagged ID line). */
function expectedResults(ids, type, flaggedPercent = result_line_DEFAULT_FLAGGED_PERCENT) {
    const out = [];
    for (const raw of ids) {
        const id = raw.trim();
        if (!model/* ID_PATTERN */.pw.test(id))
            continue;
        const line = result_line_resultLine(id, type, flaggedPercent);
        if (line !== undefined)
            out.push(line);
    }
    return out;
}
/** Results file text for an uploaded object: blank and non-ID lines are ignored; '' when none is flagged. */
function resultsForObject(object, type, flaggedPercent = DEFAULT_FLAGGED_PERCENT) {
    const lines = [];
    let start = 0;
    while (start < object.length) {
        let end = object.indexOf(10, start);
        if (end < 0)
            end = object.length;
        // Longer lines cannot hold an ID; never turn a huge line into a string.
        const id = end - start <= MAX_LINE ? object.toString('latin1', start, end).trim() : '';
        if (ID.test(id)) {
            const line = resultLine(id, type, flaggedPercent);
            if (line !== undefined)
                lines.push(line);
        }
        start = end + 1;
    }
    return lines.length ? lines.join('\n') + '\n' : '';
}

;// CONCATENATED MODULE: ./src/sandbox/id-scanner.ts
// Finds the flagged IDs of an upload as its bytes are committed, so results exist without keeping the
// object (discardObjects) and without one string of the whole results. The same rules as resultsForObject:
// lines end at '\n', are trimmed as String.trim would trim their latin1 text, and blank, too long or
// non-ID lines are ignored. A line split across commits (chunks, requests) waits in a small carry.




const NL = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
// Local copies for the per-byte loops: an imported binding may be a getter call in a bundle or a loader,
// and a global lookup is slow in a vm context (jest).
const PRIME = FNV_PRIME;
const LONGEST = MAX_LINE;
const MAX_DIGITS = model/* MAX_ID_DIGITS */.g4;
const { imul: id_scanner_imul } = Math;
const toBigInt = BigInt;
const BILLION = 1000000000n;
/** The bytes String.trim removes from latin1 text: TAB, LF, VT, FF, CR, space, NBSP. */
function blank(c) {
    return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}
class IdScanner {
    type;
    percent;
    flagged = new FlaggedIds();
    /** The start of a line that a later commit finishes. */
    carry = Buffer.alloc(LONGEST);
    carryLen = 0;
    tooLong = false;
    /** FNV-1a state after `${type}:`, and what follows the ID in the second hash. */
    flagPrefix;
    whenSuffix;
    constructor(type, percent) {
        this.type = type;
        this.percent = percent;
        this.flagPrefix = fnv1a(`${type}:`) | 0;
        this.whenSuffix = `:${type}:when`;
    }
    /** The next committed bytes, in order. */
    push(buf) {
        // With nothing to flag the results are empty whatever the bytes: no need to read them.
        if (this.percent === 0)
            return;
        const len = buf.length;
        let i = 0;
        if (this.carryLen > 0 || this.tooLong) {
            // Finish the line an earlier commit started.
            const nl = buf.indexOf(NL);
            if (nl < 0)
                return this.keep(buf, 0, len);
            this.keep(buf, 0, nl);
            this.flushCarry();
            i = nl + 1;
        }
        const prefix = this.flagPrefix;
        const percent = this.percent;
        while (i < len) {
            // Fast path, nearly every line of an ID file: digits, then a newline. FNV-1a runs as the digits go by.
            const start = i;
            let h = prefix;
            let c = 0;
            for (; i < len; i++) {
                c = buf[i];
                if (c < ZERO || c > NINE)
                    break;
                h = id_scanner_imul(h ^ c, PRIME);
            }
            if (i < len && c === NL && i > start && i - start <= MAX_DIGITS) {
                if (isFlagged(h >>> 0, percent))
                    this.found(buf, start, i, h >>> 0);
                i++;
                continue;
            }
            // Anything else: the whole line by today's rules, or the carry when it goes on in the next commit.
            const nl = buf.indexOf(NL, i);
            if (nl < 0)
                return this.keep(buf, start, len);
            this.line(buf, start, nl);
            i = nl + 1;
        }
    }
    /** The object is complete: a last line without '\n' counts too. */
    end() {
        this.flushCarry();
        return this.flagged;
    }
    mark() {
        return {
            flagged: this.flagged.mark(),
            carry: Buffer.from(this.carry.subarray(0, this.carryLen)),
            tooLong: this.tooLong
        };
    }
    rollback(m) {
        this.flagged.truncate(m.flagged);
        m.carry.copy(this.carry);
        this.carryLen = m.carry.length;
        this.tooLong = m.tooLong;
    }
    reset() {
        this.rollback({ flagged: { count: 0, bytes: 0 }, carry: Buffer.alloc(0), tooLong: false });
    }
    keep(buf, from, to) {
        if (this.tooLong)
            return;
        if (this.carryLen + to - from > LONGEST) {
            this.tooLong = true;
            return;
        }
        buf.copy(this.carry, this.carryLen, from, to);
        this.carryLen += to - from;
    }
    flushCarry() {
        if (!this.tooLong && this.carryLen > 0)
            this.line(this.carry, 0, this.carryLen);
        this.carryLen = 0;
        this.tooLong = false;
    }
    /** One line, buf[start, end) without its '\n'. */
    line(buf, start, end) {
        if (end - start > LONGEST)
            return;
        while (start < end && blank(buf[start]))
            start++;
        while (end > start && blank(buf[end - 1]))
            end--;
        const digits = end - start;
        if (digits < 1 || digits > MAX_DIGITS)
            return;
        let h = this.flagPrefix;
        for (let i = start; i < end; i++) {
            const c = buf[i];
            if (c < ZERO || c > NINE)
                return;
            h = id_scanner_imul(h ^ c, PRIME);
        }
        h >>>= 0;
        if (isFlagged(h, this.percent))
            this.found(buf, start, end, h);
    }
    found(buf, start, end, h) {
        let h2 = FNV_OFFSET;
        for (let i = start; i < end; i++)
            h2 = id_scanner_imul(h2 ^ buf[i], PRIME);
        h2 = fnv1a(this.whenSuffix, h2);
        const digits = end - start;
        const padTo = buf[start] === ZERO && digits > 1 ? digits : undefined;
        this.flagged.push(idValue(buf, start, end), lineLength(digits, this.type, h, h2) + 1, padTo);
    }
}
/** The value of 1 to 19 ASCII digits: two exact numbers, then BigInts (twice as quick as parsing text). */
function idValue(buf, start, end) {
    const split = end - start > 9 ? end - 9 : start;
    let hi = 0;
    let lo = 0;
    for (let i = start; i < split; i++)
        hi = hi * 10 + buf[i] - ZERO;
    for (let i = split; i < end; i++)
        lo = lo * 10 + buf[i] - ZERO;
    return hi ? toBigInt(hi) * BILLION + toBigInt(lo) : toBigInt(lo);
}

;// CONCATENATED MODULE: ./src/sandbox/job-target.ts




class JobTarget {
    jobs;
    job;
    o;
    contentType = 'text/plain';
    constructor(jobs, job, o) {
        this.jobs = jobs;
        this.job = job;
        this.o = o;
    }
    get id() {
        return this.job.id;
    }
    get bucket() {
        return BUCKETS[this.job.type];
    }
    get resumable() {
        return this.job.resumable;
    }
    get signedQuery() {
        return this.job.uploadQuery;
    }
    get expiresAt() {
        return this.job.uploadExpiresAt;
    }
    get jobId() {
        return this.job.id;
    }
    get finalizedAt() {
        return this.job.finalizedAt;
    }
    authorize() {
        return undefined;
    }
    checkStart(req) {
        const h = req.headers;
        // These headers are signed: any other value (text/plain;charset=UTF-8, a missing header) breaks the signature.
        const exact = this.job.resumable &&
            contentLength(req) === 0 &&
            Object.entries(model/* UPLOAD_START_HEADERS */._H).every(([name, value]) => h[name] === value);
        return exact ? undefined : signatureMismatch();
    }
    checkSimplePut(req) {
        return this.job.resumable || req.headers['content-type'] !== 'text/plain'
            ? signatureMismatch()
            : undefined;
    }
    checkFinal() {
        return undefined;
    }
    sessionOptions() {
        return { discard: this.o.discardObjects, scanner: new IdScanner(this.job.type, this.o.flaggedPercent) };
    }
    sessionStarted(uploadId) {
        this.job.sessionsStarted++;
        this.job.sessionIds.push(uploadId);
    }
    finalized(session, crc32c) {
        const flagged = session.scanner instanceof IdScanner ? session.scanner.flagged : undefined;
        this.jobs.finalizeUpload(this.job, session, crc32c, flagged);
    }
    uploadUrl(base) {
        return this.jobs.uploadUrl(this.job, base);
    }
}
/** The compliance job a /gcs/{bucket}/{id} path names, as an upload target. */
function jobTargets(jobs, o) {
    return (bucket, id) => {
        const job = jobs.get(id);
        return job && BUCKETS[job.type] === bucket ? new JobTarget(jobs, job, o) : undefined;
    };
}

// EXTERNAL MODULE: ./src/media/model.ts
var media_model = __webpack_require__(4293);
;// CONCATENATED MODULE: ./src/sandbox/rate-limit.ts
// Fixed rate-limit windows per family: X's per-App, per-endpoint ones, reported in x-rate-limit-* headers
// (reset in epoch seconds), and Redivis's one window for all its API requests.
class RateLimiter {
    limit;
    windowMs;
    clock;
    windows = new Map();
    constructor(limit, windowMs, clock) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.clock = clock;
    }
    window(family) {
        const now = this.clock();
        let w = this.windows.get(family);
        if (!w || now >= w.endsAt) {
            w = { endsAt: now + this.windowMs, used: 0 };
            this.windows.set(family, w);
        }
        return w;
    }
    state(w) {
        return {
            limit: this.limit,
            remaining: Math.max(0, this.limit - w.used),
            reset: Math.ceil(w.endsAt / 1000),
            endsAt: w.endsAt
        };
    }
    /** Counts one request; `ok` is false (and nothing is counted) when the window is spent. */
    take(family) {
        const w = this.window(family);
        if (w.used >= this.limit)
            return { ok: false, state: this.state(w) };
        w.used++;
        return { ok: true, state: this.state(w) };
    }
    peek(family) {
        return this.state(this.window(family));
    }
    /** Fault: the window is spent until `until` (ms epoch). */
    exhaust(family, until) {
        this.windows.set(family, { endsAt: until, used: this.limit });
    }
}
function rateHeaders(s) {
    return {
        'x-rate-limit-limit': String(s.limit),
        'x-rate-limit-remaining': String(s.remaining),
        'x-rate-limit-reset': String(s.reset)
    };
}

;// CONCATENATED MODULE: ./src/sandbox/x-api.ts



const PROBLEM = 'application/problem+json';
const PROBLEMS = 'https://api.x.com/2/problems';
const TYPES = ['tweets', 'users'];
const LIST_STATUSES = ['created', 'in_progress', 'failed', 'complete'];
const CREATE_KEYS = ['type', 'name', 'resumable'];
function problem(status, value) {
    return jsonReply(status, value, PROBLEM);
}
/** X's 400 shape: errors[] of {message} next to the problem fields. */
function invalid(message) {
    return problem(400, {
        errors: [{ message }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: `${PROBLEMS}/invalid-request`
    });
}
function notFound(id) {
    return problem(404, {
        title: 'Not Found Error',
        type: `${PROBLEMS}/resource-not-found`,
        status: 404,
        detail: `Could not find compliance job with id: [${id}].`,
        resource_type: 'compliance_job',
        resource_id: id,
        parameter: 'id',
        value: id
    });
}
const UNAUTHORIZED = {
    title: 'Unauthorized',
    type: 'about:blank',
    status: 401,
    detail: 'Unauthorized'
};
const TOO_MANY = {
    title: 'Too Many Requests',
    type: 'about:blank',
    status: 429,
    detail: 'Too Many Requests'
};
function authorized(req, token) {
    const m = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization ?? '');
    const given = m?.[1]?.trim();
    if (!given)
        return false;
    return token === undefined || given === token;
}
function withRate(reply, state) {
    return { ...reply, headers: { ...reply.headers, ...rateHeaders(state) } };
}
async function handleXApi(ctx, deps) {
    const body = await readBody(ctx);
    if (body === undefined)
        return undefined;
    const family = ctx.kind;
    if (!authorized(ctx.req, deps.token))
        return withRate(problem(401, UNAUTHORIZED), deps.limiter.peek(family));
    let state;
    const f = ctx.fault;
    if (f && 'rateLimit' in f) {
        deps.limiter.exhaust(family, deps.clock() + f.rateLimit.resetInSeconds * 1000);
        state = deps.limiter.peek(family);
        if (f.rateLimit.mode !== 'exhaust')
            return withRate(problem(429, TOO_MANY), state);
    }
    else {
        const taken = deps.limiter.take(family);
        if (!taken.ok)
            return withRate(problem(429, TOO_MANY), taken.state);
        state = taken.state;
    }
    return withRate(route(ctx, deps, body), state);
}
function route(ctx, deps, body) {
    const id = decodeURIComponent(ctx.url.pathname.split('/')[4] ?? '');
    switch (ctx.kind) {
        case 'create':
            return create(ctx, deps, body);
        case 'list':
            return list(ctx, deps);
        case 'get':
        case 'cancel': {
            if (!model/* ID_PATTERN */.pw.test(id))
                return invalid(`The \`id\` query parameter value [${id}] is not valid`);
            const job = deps.jobs.get(id);
            if (!job)
                return notFound(id);
            ctx.jobId = id;
            if (ctx.kind === 'get')
                return jsonReply(200, { data: deps.jobs.toX(job, ctx.base) });
            const status = deps.jobs.status(job);
            if (status !== 'created' && status !== 'in_progress')
                return invalid(`Compliance job ${id} cannot be cancelled: its status is ${status}.`);
            deps.jobs.cancel(job);
            // Documented shape choice: {data: {id, cancelled: true}}; a GET then shows status failed.
            return jsonReply(200, { data: { id, cancelled: true } });
        }
        default:
            return problem(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' });
    }
}
function create(ctx, deps, body) {
    let input;
    try {
        input = JSON.parse(body.toString('utf8'));
    }
    catch {
        return invalid('Request body is not valid JSON.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
        return invalid('Request body must be a JSON object.');
    const fields = input;
    const extra = Object.keys(fields).filter(k => !CREATE_KEYS.includes(k));
    if (extra.length)
        return invalid(`[${extra.join(', ')}] is not one of [type, name, resumable]`);
    const { type, name, resumable } = fields;
    if (typeof type !== 'string' || !TYPES.includes(type))
        return invalid(`The \`type\` parameter value [${String(type)}] is not one of [tweets,users]`);
    if (name !== undefined && (typeof name !== 'string' || name.length > 64))
        return invalid('The `name` parameter must be a string of at most 64 characters');
    if (resumable !== undefined && typeof resumable !== 'boolean')
        return invalid('The `resumable` parameter must be a boolean');
    if (deps.jobs.active(type))
        return problem(409, {
            title: 'Conflict',
            type: `${PROBLEMS}/conflict`,
            status: 409,
            detail: `Only one active compliance job per type is allowed; a ${type} job is already created or in progress.`
        });
    const job = deps.jobs.create(type, name, resumable === true);
    ctx.jobId = job.id;
    return jsonReply(200, { data: deps.jobs.toX(job, ctx.base) });
}
function list(ctx, deps) {
    const type = ctx.url.searchParams.get('type');
    const status = ctx.url.searchParams.get('status');
    if (type === null || !TYPES.includes(type))
        return invalid(`The \`type\` query parameter value [${type ?? ''}] is not one of [tweets,users]`);
    if (status !== null && !LIST_STATUSES.includes(status))
        return invalid(`The \`status\` query parameter value [${status}] is not one of [${LIST_STATUSES.join(',')}]`);
    const data = deps.jobs
        .all()
        .filter(j => j.type === type && (status === null || deps.jobs.status(j) === status))
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(j => deps.jobs.toX(j, ctx.base));
    // Like X: no `data` key at all when nothing matches.
    return jsonReply(200, data.length ? { data, meta: { result_count: data.length } } : { meta: { result_count: 0 } });
}

;// CONCATENATED MODULE: ./src/sandbox/media-errors.ts
// X's problem+json answers on the media endpoints and POST /2/tweets (the shapes of the wire contract).


const media_errors_PROBLEM = 'application/problem+json';
const media_errors_PROBLEMS = 'https://api.twitter.com/2/problems';
/** 400 with X's errors[] of {message}. */
function media_errors_invalid(message) {
    return jsonReply(400, {
        errors: [{ message }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: `${media_errors_PROBLEMS}/invalid-request`
    }, media_errors_PROBLEM);
}
function unauthorized(detail = 'Unauthorized') {
    return jsonReply(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail }, media_errors_PROBLEM);
}
function appOnlyForbidden() {
    return jsonReply(403, {
        title: 'Unsupported Authentication',
        detail: 'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
        type: `${media_errors_PROBLEMS}/unsupported-authentication`,
        status: 403
    }, media_errors_PROBLEM);
}
function tooMany() {
    return jsonReply(429, TOO_MANY, media_errors_PROBLEM);
}

;// CONCATENATED MODULE: ./src/sandbox/multipart.ts
// A strict, streaming multipart/form-data parser (RFC 7578 on RFC 2046): the body must begin with the boundary,
// every line break is CRLF, every part names itself in `Content-Disposition: form-data; name="..."`, and
// nothing but an optional CRLF follows the closing boundary. Part bytes are handed on as they arrive; only a
// delimiter's length of them is held back, so memory stays bounded by what the consumer keeps.
const CRLF = Buffer.from('\r\n');
const HEADER_LIMIT = 16 * 1024;
// RFC 2046 bchars; the last may not be a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** The boundary of a multipart/form-data Content-Type; a string when there is none or it is invalid. */
function formDataBoundary(contentType) {
    if (contentType === undefined)
        return 'Content-Type must be multipart/form-data';
    const [type, ...params] = contentType.split(';');
    if (type?.trim().toLowerCase() !== 'multipart/form-data')
        return 'Content-Type must be multipart/form-data';
    for (const p of params) {
        const m = /^\s*boundary\s*=\s*(?:"([^"]*)"|([^\s"]+))\s*$/i.exec(p);
        if (!m)
            continue;
        const boundary = m[1] ?? m[2] ?? '';
        if (!BOUNDARY.test(boundary))
            return 'The multipart boundary is not valid (1 to 70 RFC 2046 characters)';
        return { boundary };
    }
    return 'The multipart/form-data Content-Type has no boundary parameter';
}
function headerParams(value) {
    const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]+))\s*/y;
    const first = /^\s*([^;\s]+)\s*/.exec(value);
    if (!first)
        return undefined;
    const params = new Map();
    let at = first[0].length;
    while (at < value.length) {
        re.lastIndex = at;
        const m = re.exec(value);
        if (!m)
            return undefined;
        const key = (m[1] ?? '').toLowerCase();
        if (params.has(key))
            return undefined;
        params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
        at = re.lastIndex;
    }
    return { type: (first[1] ?? '').toLowerCase(), params };
}
function parseHeaders(block) {
    let disposition;
    let contentType;
    for (const line of block.split('\r\n')) {
        if (/[\r\n]/.test(line))
            return 'Multipart line breaks must be CRLF';
        const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
        if (!m)
            return `Malformed multipart part header: ${JSON.stringify(line.slice(0, 80))}`;
        const name = (m[1] ?? '').toLowerCase();
        const value = m[2] ?? '';
        if (name === 'content-disposition') {
            if (disposition !== undefined)
                return 'A multipart part has two Content-Disposition headers';
            disposition = value;
        }
        else if (name === 'content-type') {
            if (contentType !== undefined)
                return 'A multipart part has two Content-Type headers';
            contentType = value;
        }
    }
    if (disposition === undefined)
        return 'A multipart part has no Content-Disposition header';
    const d = headerParams(disposition);
    if (!d || d.type !== 'form-data')
        return 'A multipart part must have Content-Disposition: form-data; name="..."';
    const name = d.params.get('name');
    if (!name)
        return 'A multipart part must have Content-Disposition: form-data; name="..."';
    const filename = d.params.get('filename');
    return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}
class MultipartParser {
    sink;
    /** The first thing wrong; once set, the rest of the body is ignored. */
    error;
    state = 'open';
    held = Buffer.alloc(0);
    opening;
    delimiter;
    constructor(boundary, sink) {
        this.sink = sink;
        this.opening = Buffer.from(`--${boundary}`);
        this.delimiter = Buffer.from(`\r\n--${boundary}`);
    }
    write(chunk) {
        if (this.error !== undefined)
            return;
        this.held = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
        this.error = this.run();
    }
    /** The body ended: it must have been closed by the final boundary. */
    end() {
        if (this.error !== undefined)
            return this.error;
        if (this.state !== 'closed')
            this.error = 'The multipart body ends before its closing boundary';
        else if (this.held.length === 1)
            this.error = 'Nothing but CRLF may follow the closing multipart boundary';
        return this.error;
    }
    run() {
        for (;;) {
            const b = this.held;
            switch (this.state) {
                case 'open': {
                    const n = Math.min(b.length, this.opening.length);
                    if (!b.subarray(0, n).equals(this.opening.subarray(0, n)))
                        return 'The multipart body must begin with --boundary (no preamble)';
                    if (b.length < this.opening.length)
                        return undefined;
                    this.take(this.opening.length);
                    this.state = 'afterBoundary';
                    break;
                }
                case 'afterBoundary': {
                    if (b.length < 2)
                        return undefined;
                    const two = b.subarray(0, 2).toString('latin1');
                    this.take(2);
                    if (two === '\r\n')
                        this.state = 'headers';
                    else if (two === '--')
                        this.state = 'closed';
                    else
                        return 'A multipart boundary must be followed by CRLF or --';
                    break;
                }
                case 'headers': {
                    const endAt = b.indexOf('\r\n\r\n');
                    if (endAt < 0)
                        return b.length > HEADER_LIMIT ? 'Multipart part headers are too long' : undefined;
                    if (endAt > HEADER_LIMIT)
                        return 'Multipart part headers are too long';
                    const h = parseHeaders(b.subarray(0, endAt).toString('utf8'));
                    if (typeof h === 'string')
                        return h;
                    this.take(endAt + 4);
                    const refused = this.sink.start(h);
                    if (refused !== undefined)
                        return refused;
                    this.state = 'body';
                    break;
                }
                case 'body': {
                    const at = b.indexOf(this.delimiter);
                    // Without a delimiter, all but its length minus one may be handed on: a delimiter may straddle chunks.
                    const safe = at >= 0 ? at : Math.max(0, b.length - this.delimiter.length + 1);
                    if (safe > 0) {
                        const refused = this.sink.data(b.subarray(0, safe));
                        if (refused !== undefined)
                            return refused;
                    }
                    if (at < 0) {
                        this.take(safe);
                        return undefined;
                    }
                    this.take(at + this.delimiter.length);
                    const refused = this.sink.end();
                    if (refused !== undefined)
                        return refused;
                    this.state = 'afterBoundary';
                    break;
                }
                case 'closed': {
                    // Only an optional CRLF may follow (RFC 2046 allows an epilogue; no client needs one).
                    const n = Math.min(b.length, CRLF.length);
                    if (b.length > CRLF.length || !b.subarray(0, n).equals(CRLF.subarray(0, n)))
                        return 'Nothing but CRLF may follow the closing multipart boundary';
                    return undefined;
                }
            }
        }
    }
    take(n) {
        // A copy, so a small held tail never pins a large chunk in memory.
        this.held = Buffer.from(this.held.subarray(n));
    }
}

;// CONCATENATED MODULE: ./src/sandbox/media-append.ts
// POST /2/media/upload/:id/append: the multipart body parsed as it arrives (segment_index and media, nothing
// else), the segment kept under its index (a resend replaces it), and the media's append order and concurrency
// recorded for the tests.




const INDEX = /^[0-9]{1,3}$/;
// "999" fits; a longer value is refused as it arrives.
const INDEX_TEXT_MAX = 8;
/** Refuses any field but one segment_index text part and one media part; bounds what it keeps. */
function appendSink(m, got) {
    let current;
    let indexText = '';
    return {
        start(h) {
            if (h.name === 'segment_index') {
                if (indexText || got.index !== undefined)
                    return 'segment_index is given twice';
                if (h.filename !== undefined)
                    return 'segment_index must be a text field, not a file';
                current = 'index';
                return undefined;
            }
            if (h.name === 'media') {
                if (got.media)
                    return 'A second media part: an append carries one segment';
                got.media = [];
                current = 'media';
                return undefined;
            }
            return `Unknown field ${JSON.stringify(h.name)}: an append takes segment_index and media`;
        },
        data(b) {
            if (current === 'index') {
                indexText += b.toString('latin1');
                return indexText.length > INDEX_TEXT_MAX
                    ? 'segment_index must be an integer from 0 to 999'
                    : undefined;
            }
            got.size += b.length;
            if (got.size > media_model/* MAX_SEGMENT_BYTES */.lN)
                return `A segment may hold at most ${media_model/* MAX_SEGMENT_BYTES */.lN} bytes`;
            if (got.size > m.totalBytes)
                return `The segment is larger than total_bytes (${m.totalBytes})`;
            got.media?.push(b);
            return undefined;
        },
        end() {
            if (current === 'index') {
                if (!INDEX.test(indexText))
                    return 'segment_index must be an integer from 0 to 999 in decimal digits';
                got.index = Number(indexText);
                m.appendOrder.push(got.index);
            }
            current = undefined;
            return undefined;
        }
    };
}
/** Counts the append in flight from now until its exchange ends (answered, reset or abandoned). */
function track(ctx, m) {
    m.inFlight++;
    m.maxConcurrentAppends = Math.max(m.maxConcurrentAppends, m.inFlight);
    ctx.res.once('close', () => m.inFlight--);
}
/** The append after auth and rate limits; `applies` false keeps nothing (a status fault answers). */
async function append(ctx, store, m, applies) {
    track(ctx, m);
    const boundary = formDataBoundary(ctx.req.headers['content-type']);
    if (typeof boundary === 'string')
        return (await consumeBody(ctx)) ? media_errors_invalid(boundary) : undefined;
    const got = { size: 0 };
    const parser = new MultipartParser(boundary.boundary, appendSink(m, got));
    if (!(await consumeBody(ctx, b => parser.write(b))))
        return undefined;
    const wrong = parser.end();
    if (wrong !== undefined)
        return media_errors_invalid(wrong);
    if (got.index === undefined)
        return media_errors_invalid('The segment_index field is missing');
    if (!got.media)
        return media_errors_invalid('The media field is missing');
    if (!got.size)
        return media_errors_invalid('The media field is empty');
    if (m.finalizedAt !== undefined)
        return media_errors_invalid(`Media ${m.id} is already finalized`);
    const others = store.keptBytes(m, got.index);
    if (others + got.size > m.totalBytes)
        return media_errors_invalid(`The segments would hold ${others + got.size} bytes, more than total_bytes (${m.totalBytes})`);
    if (applies)
        store.putSegment(m, got.index, Buffer.concat(got.media, got.size));
    return jsonReply(200, { data: { expires_at: Math.floor(store.expiresAt(m) / 1000) } });
}

;// CONCATENATED MODULE: ./src/sandbox/media-auth.ts
// Who is calling the media endpoints: an OAuth 2.0 user token, OAuth 1.0a user context, or an app-only bearer
// token (which X refuses here with 403).


const APP_ONLY_PREFIX = 'A'.repeat(media_model/* APP_ONLY_PREFIX_LENGTH */.hi);
function bearerOf(header) {
    return /^Bearer\s+(\S.*)$/i.exec(header)?.[1]?.trim();
}
/** The scheme of an Authorization header, for request records (its value is never kept). */
function authKindOf(header) {
    if (header === undefined)
        return 'none';
    if (/^OAuth\s/i.test(header))
        return 'oauth1';
    const token = bearerOf(header);
    if (!token)
        return 'none';
    return token.startsWith(APP_ONLY_PREFIX) ? 'app-only' : 'oauth2';
}
function authenticate(req, deps) {
    const header = req.authorization ?? '';
    const kind = authKindOf(req.authorization);
    if (kind === 'app-only')
        return { refused: appOnlyForbidden() };
    if (kind === 'oauth2') {
        const ok = deps.userToken === undefined || bearerOf(header) === deps.userToken;
        return ok ? { auth: 'oauth2' } : { refused: unauthorized() };
    }
    if (kind === 'oauth1') {
        const r = deps.verifier.verify({
            method: req.method,
            url: req.url,
            authorization: header,
            bodyParams: req.bodyParams
        });
        return r.ok ? { auth: 'oauth1' } : { refused: unauthorized(r.detail) };
    }
    return { refused: unauthorized() };
}

;// CONCATENATED MODULE: ./src/sandbox/media-input.ts


const MEDIA_ID = /^[0-9]{1,19}$/;
/** X allows up to 4 images, or 1 GIF, or 1 video per post. */
const MAX_POST_MEDIA = 4;
function refuse(message) {
    return { refused: media_errors_invalid(message) };
}
function mediaTypeOf(req) {
    return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
function isFormUrlencoded(req) {
    return mediaTypeOf(req) === 'application/x-www-form-urlencoded';
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** A JSON object body with no keys but `allowed`. */
function jsonObject(req, body, allowed) {
    if (mediaTypeOf(req) !== 'application/json')
        return refuse('Content-Type must be application/json.');
    let v;
    try {
        v = JSON.parse(body.toString('utf8'));
    }
    catch {
        return refuse('Request body is not valid JSON.');
    }
    if (!isObject(v))
        return refuse('Request body must be a JSON object.');
    const extra = Object.keys(v).filter(k => !allowed.includes(k));
    if (extra.length)
        return refuse(`[${extra.join(', ')}] is not one of [${allowed.join(', ')}]`);
    return { fields: v };
}
const INIT_KEYS = ['media_type', 'total_bytes', 'media_category', 'additional_owners', 'shared'];
function readInit(req, body) {
    const j = jsonObject(req, body, INIT_KEYS);
    if ('refused' in j)
        return j;
    const f = j.fields;
    const { media_type: type, media_category: cat, total_bytes: total } = f;
    if (!(0,media_model/* isMediaType */.LA)(type))
        return refuse(`The \`media_type\` value [${String(type)}] is not one of [${media_model/* MEDIA_TYPES */.Z2.join(', ')}]`);
    if (cat !== undefined && !(0,media_model/* isMediaCategory */.Jd)(cat))
        return refuse(`The \`media_category\` value [${String(cat)}] is not one of [${media_model/* MEDIA_CATEGORIES */.iy.join(', ')}]`);
    const category = cat ?? (0,media_model/* defaultCategory */.Sj)(type);
    if (!(0,media_model/* categoryFits */.pc)(type, category))
        return refuse(`The \`media_category\` ${category} does not fit the \`media_type\` ${type}`);
    const limit = media_model/* CATEGORY_LIMITS */.UA[category];
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || total > limit)
        return refuse(`The \`total_bytes\` value [${String(total)}] must be an integer from 1 to ${limit} for ${category}`);
    if (f.additional_owners !== undefined) {
        const owners = f.additional_owners;
        if (!Array.isArray(owners) || !owners.every(o => typeof o === 'string' && MEDIA_ID.test(o)))
            return refuse('The `additional_owners` value must be an array of user ids');
    }
    if (f.shared !== undefined && typeof f.shared !== 'boolean')
        return refuse('The `shared` value must be a boolean');
    return { type, category, totalBytes: total };
}
function readMetadata(req, body) {
    const j = jsonObject(req, body, ['id', 'metadata']);
    if ('refused' in j)
        return j;
    const f = j.fields;
    if (typeof f.id !== 'string' || !MEDIA_ID.test(f.id))
        return refuse('The `id` value must be a media id string');
    const m = f.metadata;
    if (!isObject(m))
        return refuse('The `metadata` value must be an object');
    const keys = Object.keys(m);
    if (keys.length !== 1 || keys[0] !== 'alt_text')
        return refuse(`The \`metadata\` must hold alt_text only (the sandbox supports no other), not [${keys.join(', ')}]`);
    const alt = m.alt_text;
    if (!isObject(alt) || typeof alt.text !== 'string' || Object.keys(alt).length !== 1)
        return refuse('The `metadata.alt_text` value must be {"text": "..."}');
    if ([...alt.text].length > media_model/* ALT_TEXT_MAX */.dJ)
        return refuse(`The alt text is longer than ${media_model/* ALT_TEXT_MAX */.dJ} characters`);
    return { id: f.id, altText: alt.text };
}
function readPost(req, body) {
    const j = jsonObject(req, body, ['text', 'media']);
    if ('refused' in j)
        return j;
    const f = j.fields;
    if (f.text !== undefined && typeof f.text !== 'string')
        return refuse('The `text` value must be a string');
    let mediaIds = [];
    if (f.media !== undefined) {
        const m = f.media;
        if (!isObject(m) || Object.keys(m).some(k => k !== 'media_ids'))
            return refuse('The `media` value must be {"media_ids": [...]}');
        const ids = m.media_ids;
        if (!Array.isArray(ids) ||
            ids.length < 1 ||
            ids.length > MAX_POST_MEDIA ||
            !ids.every((i) => typeof i === 'string' && MEDIA_ID.test(i)))
            return refuse(`The \`media.media_ids\` value must be 1 to ${MAX_POST_MEDIA} media id strings`);
        mediaIds = ids;
    }
    const text = f.text ?? '';
    if (!text && !mediaIds.length)
        return refuse('A post needs `text` or `media`');
    return { text, mediaIds };
}

;// CONCATENATED MODULE: ./src/sandbox/media-store.ts
// The X media emulator's state: media records with their segments, the processing timeline (driven by the
// sandbox clock from finalize on), what the tests assert on (append order and concurrency, STATUS polls), and
// the posts made with them.


const EXPIRES_AFTER_SECS = 86_400;
/** What STATUS and finalize ask a client to wait while processing runs (the default of media.checkAfterSecs). */
const CHECK_AFTER_SECS = 1;
const DEFAULT_PROCESSING_ERROR = {
    code: 1,
    name: 'InvalidMedia',
    message: 'Unsupported video format'
};
const KEY_PREFIX = { image: '3', gif: '16', video: '7', subtitles: '13' };
/** A 19-digit snowflake-like id not yet in `taken`. */
function newId(taken) {
    let id;
    do
        id = `1${String((0,external_node_crypto_.randomInt)(1e9)).padStart(9, '0')}${String((0,external_node_crypto_.randomInt)(1e9)).padStart(9, '0')}`;
    while (taken(id));
    return id;
}
class MediaStore {
    clock;
    processingMs;
    keepBytes;
    checkAfterSecs;
    byId = new Map();
    postList = [];
    constructor(clock, processingMs, keepBytes, checkAfterSecs = CHECK_AFTER_SECS) {
        this.clock = clock;
        this.processingMs = processingMs;
        this.keepBytes = keepBytes;
        this.checkAfterSecs = checkAfterSecs;
    }
    create(type, category, totalBytes, auth) {
        const id = newId(i => this.byId.has(i));
        const m = {
            id,
            mediaKey: `${KEY_PREFIX[(0,media_model/* categoryKind */.V9)(category)]}_${id}`,
            type,
            category,
            totalBytes,
            auth,
            createdAt: this.clock(),
            segments: new Map(),
            appendOrder: [],
            inFlight: 0,
            maxConcurrentAppends: 0,
            statusPolls: []
        };
        this.byId.set(id, m);
        return m;
    }
    /** Undefined for an unknown or expired media. */
    get(id) {
        const m = this.byId.get(id);
        return m && this.clock() < this.expiresAt(m) ? m : undefined;
    }
    all() {
        return [...this.byId.values()];
    }
    expiresAt(m) {
        return m.createdAt + EXPIRES_AFTER_SECS * 1000;
    }
    /** Bytes kept in every segment but `except`. */
    keptBytes(m, except) {
        let n = 0;
        for (const [i, s] of m.segments)
            if (i !== except)
                n += s.size;
        return n;
    }
    putSegment(m, index, bytes) {
        m.segments.set(index, this.keepBytes ? { size: bytes.length, bytes } : { size: bytes.length });
    }
    /** The indices 0..n-1 missing, n being one past the highest index kept. */
    missingIndices(m) {
        const top = Math.max(-1, ...m.segments.keys());
        const missing = [];
        for (let i = 0; i <= top; i++)
            if (!m.segments.has(i))
                missing.push(i);
        return missing;
    }
    finalize(m) {
        m.finalizedAt ??= this.clock();
    }
    /** Only GIF and video categories are processed after finalize (the others are ready at once). */
    processes(m) {
        const kind = (0,media_model/* categoryKind */.V9)(m.category);
        return kind === 'gif' || kind === 'video';
    }
    /** pending for the first half of processingMs, in_progress for the second, then succeeded or failed. */
    state(m) {
        if (m.finalizedAt === undefined || !this.processes(m))
            return undefined;
        const elapsed = this.clock() - m.finalizedAt;
        if (elapsed >= this.processingMs)
            return m.failure ? 'failed' : 'succeeded';
        return elapsed * 2 < this.processingMs ? 'pending' : 'in_progress';
    }
    processingInfo(m) {
        const state = this.state(m);
        if (state === undefined || m.finalizedAt === undefined)
            return undefined;
        if (state === 'pending')
            return { state, check_after_secs: this.checkAfterSecs };
        if (state === 'in_progress') {
            const percent = Math.floor(((this.clock() - m.finalizedAt) * 100) / this.processingMs);
            return {
                state,
                check_after_secs: this.checkAfterSecs,
                progress_percent: Math.min(99, Math.max(1, percent))
            };
        }
        if (state === 'failed')
            return { state, error: m.failure ?? DEFAULT_PROCESSING_ERROR };
        return { state, progress_percent: 100 };
    }
    /** Ready to post: finalized, and processed successfully when it is processed at all. */
    ready(m) {
        return m.finalizedAt !== undefined && (!this.processes(m) || this.state(m) === 'succeeded');
    }
    /** Records a STATUS request as it arrives, marked early when it comes before the last answer allowed. */
    pollArrived(m) {
        const at = this.clock();
        const earliest = m.nextPollAt ?? m.finalizedAt ?? at;
        m.statusPolls.push({ at, earliest, early: at < earliest });
    }
    /** An answer with processing_info reached the client: the next poll is due after its check_after_secs. */
    answered(m, info) {
        m.nextPollAt = this.clock() + (info?.check_after_secs ?? 0) * 1000;
    }
    addPost(text, mediaIds, auth) {
        const post = { id: newId(i => this.postList.some(p => p.id === i)), text, mediaIds, auth };
        this.postList.push(post);
        return post;
    }
    posts() {
        return this.postList.map(p => ({ ...p, mediaIds: [...p.mediaIds] }));
    }
    /** The segments joined in index order (undefined for an unknown media or with discardObjects). */
    object(id) {
        const m = this.byId.get(id);
        if (!m || !this.keepBytes)
            return undefined;
        const order = [...m.segments.keys()].sort((a, b) => a - b);
        return Buffer.concat(order.map(i => m.segments.get(i)?.bytes ?? Buffer.alloc(0)));
    }
    view(m) {
        const state = this.state(m);
        return {
            id: m.id,
            mediaKey: m.mediaKey,
            type: m.type,
            category: m.category,
            totalBytes: m.totalBytes,
            auth: m.auth,
            segments: [...m.segments].sort(([a], [b]) => a - b).map(([index, s]) => ({ index, size: s.size })),
            appendOrder: [...m.appendOrder],
            maxConcurrentAppends: m.maxConcurrentAppends,
            finalized: m.finalizedAt !== undefined,
            ...(state !== undefined ? { state } : {}),
            ...(m.altText !== undefined ? { altText: m.altText } : {}),
            statusPolls: m.statusPolls.map(p => ({ ...p }))
        };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/media-endpoints.ts





function failureOf(fault) {
    if (!fault || !('mediaOutcome' in fault))
        return undefined;
    return fault.error ?? DEFAULT_PROCESSING_ERROR;
}
/** The media an id names, or the 400 X gives for an unknown one. */
function findMedia(store, id) {
    if (id === null || !MEDIA_ID.test(id))
        return media_errors_invalid(`The media id [${id ?? ''}] is not valid`);
    return store.get(id) ?? media_errors_invalid(`Media id ${id} not found (unknown, or expired)`);
}
function isMedia(v) {
    return 'mediaKey' in v;
}
function initialize(env, body) {
    const input = readInit(env.req, body);
    if ('refused' in input)
        return input.refused;
    if (!env.applies)
        return jsonReply(200, {});
    const m = env.store.create(input.type, input.category, input.totalBytes, env.auth);
    m.failure = failureOf(env.fault);
    return jsonReply(200, { data: { id: m.id, media_key: m.mediaKey, expires_after_secs: EXPIRES_AFTER_SECS } });
}
function media_endpoints_finalize(env, m, body) {
    // Nothing to send, but X takes an empty JSON object too (node-twitter-api-v2 sends `{}`).
    if (body.length && body.toString().trim() !== '{}')
        return media_errors_invalid('Finalize takes no request body');
    const { store } = env;
    if (m.finalizedAt === undefined) {
        if (!m.segments.size)
            return media_errors_invalid(`Media ${m.id} has no segments: append them before finalize`);
        const missing = store.missingIndices(m);
        if (missing.length)
            return media_errors_invalid(`Media ${m.id} is missing segment_index [${missing.join(', ')}]`);
        const kept = store.keptBytes(m);
        if (kept !== m.totalBytes)
            return media_errors_invalid(`Media ${m.id} segments hold ${kept} bytes but total_bytes is ${m.totalBytes}`);
        if (!env.applies)
            return jsonReply(200, {});
        store.finalize(m);
    }
    if (env.applies)
        m.failure = failureOf(env.fault) ?? m.failure;
    const info = store.processingInfo(m);
    if (!env.fault)
        store.answered(m, info);
    return jsonReply(200, {
        data: {
            id: m.id,
            media_key: m.mediaKey,
            size: m.totalBytes,
            expires_after_secs: EXPIRES_AFTER_SECS,
            ...(info ? { processing_info: info } : {})
        }
    });
}
/** GET /2/media/upload?command=STATUS&media_id= (the poll itself is recorded on arrival). */
function media_endpoints_status(env, m, body) {
    if (body.length)
        return media_errors_invalid('STATUS takes no request body');
    if (m.finalizedAt === undefined)
        return media_errors_invalid(`Media ${m.id} is not finalized: STATUS follows finalize`);
    const info = env.store.processingInfo(m);
    if (!info)
        return media_errors_invalid(`Media ${m.id} has no processing_info: it is ready once finalized`);
    if (!env.fault)
        env.store.answered(m, info);
    return jsonReply(200, { data: { id: m.id, media_key: m.mediaKey, processing_info: info } });
}
function metadata(env, body) {
    const input = readMetadata(env.req, body);
    if ('refused' in input)
        return input.refused;
    const m = findMedia(env.store, input.id);
    if (!isMedia(m))
        return m;
    if (m.finalizedAt === undefined)
        return media_errors_invalid(`Media ${m.id} is not finalized`);
    const kind = (0,media_model/* categoryKind */.V9)(m.category);
    if (kind !== 'image' && kind !== 'gif')
        return media_errors_invalid(`Alt text is for images and GIFs, not ${m.category}`);
    if (env.applies)
        m.altText = input.altText;
    return jsonReply(200, { data: { id: m.id, associated_metadata: { alt_text: { text: input.altText } } } });
}
function createPost(env, body) {
    const input = readPost(env.req, body);
    if ('refused' in input)
        return input.refused;
    const media = [];
    for (const id of input.mediaIds) {
        const m = findMedia(env.store, id);
        if (!isMedia(m))
            return m;
        if (m.finalizedAt === undefined)
            return media_errors_invalid(`Media ${id} is not finalized`);
        if (!env.store.ready(m))
            return media_errors_invalid(`Media ${id} is not ready: its processing is ${env.store.state(m) ?? 'unknown'}`);
        media.push(m);
    }
    const single = media.filter(m => (0,media_model/* categoryKind */.V9)(m.category) !== 'image');
    if (single.length && media.length > 1)
        return media_errors_invalid('A post takes up to 4 images, or 1 GIF, or 1 video');
    if (!env.applies)
        return jsonReply(201, {});
    const post = env.store.addPost(input.text, input.mediaIds, env.auth);
    return jsonReply(201, { data: { id: post.id, text: post.text } });
}

;// CONCATENATED MODULE: ./src/sandbox/media-limits.ts


const MINUTE = 60_000;
const media_limits_DAY = 24 * 60 * MINUTE;
const MEDIA_RATE_DEFAULTS = { limit: 10_000, windowMs: 15 * MINUTE };
// X's per-App media upload figure; the user one is generous too so no test run meets it by accident.
const DAY_APP_LIMIT = 180_000;
const DAY_USER_LIMIT = 100_000;
function familyOf(kind) {
    if (kind === 'mediaStatus')
        return 'status';
    if (kind === 'mediaMetadata')
        return 'metadata';
    if (kind === 'post')
        return 'tweets';
    return 'upload';
}
function dayHeaders(prefix, s) {
    return {
        [`${prefix}-24hour-limit`]: String(s.limit),
        [`${prefix}-24hour-remaining`]: String(s.remaining),
        [`${prefix}-24hour-reset`]: String(s.reset)
    };
}
class MediaLimits {
    clock;
    window;
    app;
    user;
    constructor(clock, rate = MEDIA_RATE_DEFAULTS) {
        this.clock = clock;
        this.window = new RateLimiter(rate.limit, rate.windowMs, clock);
        this.app = new RateLimiter(DAY_APP_LIMIT, media_limits_DAY, clock);
        this.user = new RateLimiter(DAY_USER_LIMIT, media_limits_DAY, clock);
    }
    /** The windows as they stand, for answers made before or instead of the endpoint's. */
    headers(family) {
        return this.all(this.window.peek(family), family);
    }
    all(window, family) {
        return {
            ...rateHeaders(window),
            ...dayHeaders('x-app-limit', this.app.peek(family)),
            ...dayHeaders('x-user-limit', this.user.peek(family))
        };
    }
    /** Counts the request in every window (a rate fault spends one first); `refused` is the 429 when one is spent. */
    admit(family, fault) {
        const now = this.clock();
        if (fault && 'rateLimit24h' in fault)
            this.user.exhaust(family, now + fault.rateLimit24h.resetInSeconds * 1000);
        if (fault && 'rateLimit' in fault) {
            this.window.exhaust(family, now + fault.rateLimit.resetInSeconds * 1000);
            // 'exhaust': answered normally with remaining 0; only the next request is refused.
            if (fault.rateLimit.mode === 'exhaust')
                return { headers: this.headers(family) };
        }
        const spent = [this.window, this.app, this.user].some(l => l.peek(family).remaining === 0);
        if (spent)
            return { headers: this.headers(family), refused: tooMany() };
        const taken = this.window.take(family);
        this.app.take(family);
        this.user.take(family);
        return { headers: this.all(taken.state, family) };
    }
}

;// CONCATENATED MODULE: ./src/sandbox/media-api.ts
// X API v2 chunked media upload (/2/media/...) and POST /2/tweets: routing, auth (user context only), the rate
// windows, then the endpoint. Every answer carries the 15-minute and 24-hour rate-limit headers.







const MEDIA_KINDS = [
    'mediaInit',
    'mediaAppend',
    'mediaFinalize',
    'mediaStatus',
    'mediaMetadata',
    'post'
];
// JSON bodies here are small (alt text is at most 1000 characters).
const BODY_LIMIT = 1 << 20;
/** What a request under /2/media or to /2/tweets is; undefined for anything else. */
function mediaRoute(method, pathname) {
    if (method === 'POST') {
        if (pathname === '/2/media/upload/initialize')
            return { kind: 'mediaInit' };
        if (pathname === '/2/media/metadata')
            return { kind: 'mediaMetadata' };
        if (pathname === '/2/tweets')
            return { kind: 'post' };
        const m = /^\/2\/media\/upload\/([^/]+)\/(append|finalize)$/.exec(pathname);
        if (m)
            return { kind: m[2] === 'append' ? 'mediaAppend' : 'mediaFinalize', id: m[1] };
    }
    if (method === 'GET' && pathname === '/2/media/upload')
        return { kind: 'mediaStatus' };
    return undefined;
}
function mediaRateHeaders(deps, kind) {
    return deps.limits.headers(familyOf(kind));
}
function withHeaders(reply, headers) {
    return { ...reply, headers: { ...reply.headers, ...headers } };
}
/** Auth first (401/403 count in no window), then the windows. */
function admit(ctx, deps, bodyParams) {
    const family = familyOf(ctx.kind);
    const a = authenticate({
        method: ctx.req.method ?? 'GET',
        url: ctx.url,
        authorization: ctx.req.headers.authorization,
        bodyParams
    }, deps.auth);
    if ('refused' in a)
        return { refused: withHeaders(a.refused, deps.limits.headers(family)) };
    if (ctx.kind === 'mediaStatus') {
        // Every authenticated poll is recorded as it arrives, a refused one too.
        const m = deps.store.get(ctx.url.searchParams.get('media_id') ?? '');
        if (m)
            deps.store.pollArrived(m);
    }
    const w = deps.limits.admit(family, ctx.fault);
    if (w.refused)
        return { refused: withHeaders(w.refused, w.headers) };
    return { auth: a.auth, headers: w.headers };
}
/** A status fault without commit answers instead: nothing may change then. */
function applies(ctx) {
    const f = ctx.fault;
    return !(f && 'status' in f && !f.commit);
}
function formParams(ctx, body) {
    return isFormUrlencoded(ctx.req) ? [...new URLSearchParams(body.toString('utf8')).entries()] : [];
}
/** Multipart appends are admitted on their headers and parsed as they stream. */
async function streamedAppend(ctx, deps, id) {
    const gate = admit(ctx, deps, []);
    const drainThen = async (reply) => (await consumeBody(ctx)) ? reply : undefined;
    if ('refused' in gate)
        return drainThen(gate.refused);
    const m = findMedia(deps.store, id);
    if (!isMedia(m))
        return drainThen(withHeaders(m, gate.headers));
    if (m.finalizedAt !== undefined)
        return drainThen(withHeaders(media_errors_invalid(`Media ${m.id} is already finalized`), gate.headers));
    const reply = await append(ctx, deps.store, m, applies(ctx));
    return reply && withHeaders(reply, gate.headers);
}
async function handleMediaApi(ctx, deps, route) {
    const id = route.id === undefined ? undefined : decodeURIComponentSafe(route.id);
    if (route.kind === 'mediaAppend' && !isFormUrlencoded(ctx.req))
        return streamedAppend(ctx, deps, id ?? '');
    const body = await readBody(ctx, BODY_LIMIT);
    if (body === undefined)
        return undefined;
    // OAuth 1.0a signs a form-urlencoded body's parameters, so they are needed before auth.
    const gate = admit(ctx, deps, formParams(ctx, body));
    if ('refused' in gate)
        return gate.refused;
    const env = {
        store: deps.store,
        req: ctx.req,
        url: ctx.url,
        auth: gate.auth,
        fault: ctx.fault,
        applies: applies(ctx)
    };
    const reply = ctx.record.bytesReceived > BODY_LIMIT
        ? media_errors_invalid('The request body is too large')
        : dispatch(env, route.kind, id, body);
    return withHeaders(reply, gate.headers);
}
function dispatch(env, kind, id, body) {
    if (kind === 'mediaInit')
        return initialize(env, body);
    if (kind === 'mediaMetadata')
        return metadata(env, body);
    if (kind === 'post')
        return createPost(env, body);
    if (kind === 'mediaAppend')
        return media_errors_invalid('An append must be multipart/form-data');
    if (kind === 'mediaStatus') {
        const command = env.url.searchParams.get('command');
        if (command !== 'STATUS')
            return media_errors_invalid(`The \`command\` query parameter value [${command ?? ''}] is not STATUS`);
    }
    const m = findMedia(env.store, kind === 'mediaStatus' ? env.url.searchParams.get('media_id') : (id ?? null));
    if (!isMedia(m))
        return m;
    return kind === 'mediaStatus' ? media_endpoints_status(env, m, body) : media_endpoints_finalize(env, m, body);
}
function decodeURIComponentSafe(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/oauth1-verify.ts
// OAuth 1.0a (RFC 5849) HMAC-SHA1 verification, written independently of any client: the signature base
// string (§3.4.1), the signature (§3.4.2), the Authorization header (§3.5.1), timestamp window and nonce replay.

/** Made-up demo credentials the sandbox verifies against unless options replace them. */
const SANDBOX_OAUTH1 = Object.freeze({
    apiKey: 'sandboxApiKey0000000000000',
    apiKeySecret: 'sandboxApiKeySecret00000000000000000000000000000',
    accessToken: '1000000000000000001-sandboxAccessToken000000000000',
    accessTokenSecret: 'sandboxAccessTokenSecret000000000000000000000'
});
/** X allows a timestamp this far from its clock either way. */
const TIMESTAMP_WINDOW_MS = 300_000;
const REQUIRED = [
    'oauth_consumer_key',
    'oauth_nonce',
    'oauth_signature',
    'oauth_signature_method',
    'oauth_timestamp',
    'oauth_token'
];
/** RFC 3986 percent-encoding: everything but ALPHA, DIGIT, '-', '.', '_', '~' (§3.6). */
function percentEncode(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** §3.4.1.2: scheme and host lower case, the default port left out, no query or fragment. */
function baseStringUri(url) {
    return `${url.protocol}//${url.host}${url.pathname}`;
}
/** §3.4.1.1 and §3.4.1.3.2: the parameters encoded, sorted by name then value, joined. */
function signatureBaseString(method, baseUri, params) {
    const normalized = params
        .map(([k, v]) => [percentEncode(k), percentEncode(v)])
        .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
    return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}
/** §3.4.2: base64 HMAC-SHA1 of the base string, keyed by the two encoded secrets. */
function hmacSha1Signature(baseString, consumerSecret, tokenSecret) {
    const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
    return (0,external_node_crypto_.createHmac)('sha1', key).update(baseString).digest('base64');
}
/** The signature a request must carry: what the verifier compares against. */
function oauth1Signature(input) {
    const url = new URL(input.url);
    const all = [...url.searchParams.entries(), ...input.params];
    return hmacSha1Signature(signatureBaseString(input.method, baseStringUri(url), all), input.consumerSecret, input.tokenSecret);
}
function decode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return undefined;
    }
}
/** §3.5.1: `OAuth k="v", k="v"` with encoded names and values; a string names what is wrong. */
function parseOAuthHeader(header) {
    const m = /^OAuth\s+(.*)$/is.exec(header.trim());
    if (!m)
        return 'Not an OAuth Authorization header';
    const params = [];
    const re = /\s*([^\s=,]+)\s*=\s*"([^"]*)"\s*(,|$)/y;
    const rest = m[1] ?? '';
    let at = 0;
    while (at < rest.length) {
        re.lastIndex = at;
        const p = re.exec(rest);
        if (!p)
            return 'Malformed OAuth Authorization header';
        const k = decode(p[1] ?? '');
        const v = decode(p[2] ?? '');
        if (k === undefined || v === undefined)
            return 'Malformed percent-encoding in the OAuth header';
        params.push([k, v]);
        at = re.lastIndex;
        if (p[3] === '')
            break;
    }
    return params;
}
/** Checks requests against one credential set; remembers nonces for as long as their timestamps pass. */
class OAuth1Verifier {
    creds;
    clock;
    nonces = new Map();
    constructor(creds, clock) {
        this.creds = creds;
        this.clock = clock;
    }
    verify(input) {
        const parsed = parseOAuthHeader(input.authorization);
        if (typeof parsed === 'string')
            return { ok: false, detail: parsed };
        const oauth = parsed.filter(([k]) => k !== 'realm');
        const got = new Map();
        for (const [k, v] of oauth) {
            if (got.has(k))
                return { ok: false, detail: `Duplicate OAuth parameter ${k}` };
            got.set(k, v);
        }
        for (const k of REQUIRED)
            if (!got.has(k))
                return { ok: false, detail: `Missing OAuth parameter ${k}` };
        const method = got.get('oauth_signature_method');
        if (method !== 'HMAC-SHA1')
            return { ok: false, detail: `Unsupported oauth_signature_method ${method}` };
        const version = got.get('oauth_version');
        if (version !== undefined && version !== '1.0')
            return { ok: false, detail: `Unsupported oauth_version ${version}` };
        if (got.get('oauth_consumer_key') !== this.creds.apiKey)
            return { ok: false, detail: 'Invalid consumer key' };
        if (got.get('oauth_token') !== this.creds.accessToken)
            return { ok: false, detail: 'Invalid or expired token' };
        const ts = got.get('oauth_timestamp') ?? '';
        const now = this.clock();
        if (!/^[0-9]{1,12}$/.test(ts) || Math.abs(Number(ts) * 1000 - now) > TIMESTAMP_WINDOW_MS)
            return { ok: false, detail: 'Timestamp out of bounds' };
        const expected = hmacSha1Signature(signatureBaseString(input.method, baseStringUri(input.url), [
            ...input.url.searchParams.entries(),
            ...oauth.filter(([k]) => k !== 'oauth_signature'),
            ...input.bodyParams
        ]), this.creds.apiKeySecret, this.creds.accessTokenSecret);
        if (!sameString(expected, got.get('oauth_signature') ?? ''))
            return { ok: false, detail: 'Invalid signature' };
        const nonce = got.get('oauth_nonce') ?? '';
        this.prune(now);
        if (this.nonces.has(nonce))
            return { ok: false, detail: 'Nonce already used' };
        this.nonces.set(nonce, now);
        return { ok: true };
    }
    /** A nonce older than two windows can only come with a timestamp that no longer passes. */
    prune(now) {
        for (const [nonce, at] of this.nonces) {
            if (now - at <= 2 * TIMESTAMP_WINDOW_MS)
                break;
            this.nonces.delete(nonce);
        }
    }
}
function sameString(a, b) {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && (0,external_node_crypto_.timingSafeEqual)(x, y);
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-errors.ts
// Redivis's two error shapes, both in use: OAuth-style {error, error_description} (auth, 404, 429) and the
// legacy {error: {status, message}} (every 400).

const EDIT_SCOPE = 'data.edit';
function oauthError(status, error, description, extra = {}) {
    return jsonReply(status, { error, error_description: description, ...extra });
}
function legacyError(status, message) {
    return jsonReply(status, { error: { status, message } });
}
/** 400 in the legacy shape. */
function redivis_errors_invalid(message) {
    return legacyError(400, message);
}
function redivis_errors_notFound(description) {
    return oauthError(404, 'not_found', description);
}
function invalidToken() {
    return oauthError(401, 'invalid_token', 'The access token is missing, expired or malformed.');
}
function insufficientScope() {
    return oauthError(403, 'insufficient_scope', `The access token lacks the scope ${EDIT_SCOPE}.`, {
        scope: EDIT_SCOPE
    });
}
function rateLimited(limit, windowMs, retryAfter) {
    const seconds = Math.round(windowMs / 1000);
    return oauthError(429, 'rate_limit_exceeded', `Too many requests: at most ${limit} per ${seconds} s. Retry after ${retryAfter} s.`);
}
/** An injected `status` fault's answer on the Redivis API, in the shape Redivis uses for that status. */
function redivisStatusReply(status) {
    const oauth = {
        401: ['invalid_token', 'The access token is missing, expired or malformed.'],
        403: ['insufficient_scope', `The access token lacks the scope ${EDIT_SCOPE}.`],
        404: ['not_found', 'Not found.'],
        429: ['rate_limit_exceeded', 'Too many requests.']
    };
    const o = oauth[status];
    const text = 'injected by the sandbox fault plan';
    return o ? oauthError(status, o[0], `${o[1]} (${text})`) : legacyError(status, `Error ${status} (${text}).`);
}

// EXTERNAL MODULE: ./src/redivis/model.ts
var redivis_model = __webpack_require__(6465);
;// CONCATENATED MODULE: ./src/sandbox/redivis-input.ts
// Request bodies of the Redivis API, checked as strictly as the contract allows: any other key, type or
// count is a 400 in the legacy shape, naming what is wrong.



const MERGE_STRATEGIES = ['append', 'replace'];
const DELIMITED_EXTENSIONS = ['csv', 'tsv', 'psv', 'dsv', 'txt', 'tab'];
const NDJSON_EXTENSIONS = ['ndjson', 'jsonl'];
const BOOLEAN_OPTIONS = ['hasHeaderRow', 'skipBadRecords', 'hasQuotedNewlines', 'allowJaggedRows'];
const CHARACTER_OPTIONS = ['quoteCharacter', 'escapeCharacter', 'delimiter'];
const UPLOAD_KEYS = ['name', 'type', 'tempUploadId', ...BOOLEAN_OPTIONS, ...CHARACTER_OPTIONS, 'nullMarkers'];
function isUploadType(t) {
    return redivis_model/* UPLOAD_TYPES */.si.includes(t);
}
function fail(message) {
    return { error: redivis_errors_invalid(message) };
}
/** The type Redivis detects from a file name: delimited without an extension, undefined when unknown. */
function typeFromName(name) {
    const lower = name.toLowerCase();
    if (lower.endsWith('.shp.zip'))
        return 'shp.zip';
    const ext = /\.([^./]+)$/.exec(lower)?.[1];
    if (ext === undefined)
        return 'delimited';
    if (DELIMITED_EXTENSIONS.includes(ext))
        return 'delimited';
    if (NDJSON_EXTENSIONS.includes(ext))
        return 'ndjson';
    return isUploadType(ext) ? ext : undefined;
}
function redivis_input_isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** The body as a JSON object with only `allowed` keys. */
function object(body, allowed, where) {
    let v;
    try {
        v = JSON.parse(body.toString('utf8'));
    }
    catch {
        return fail('The request body is not valid JSON.');
    }
    if (!redivis_input_isObject(v))
        return fail('The request body must be a JSON object.');
    return unknownKeys(v, allowed, where) ?? { value: v };
}
function unknownKeys(fields, allowed, where) {
    const extra = Object.keys(fields).filter(k => !allowed.includes(k));
    return extra.length ? fail(`Unknown key(s) in ${where}: ${extra.join(', ')}.`) : undefined;
}
function nonEmptyString(v) {
    return typeof v === 'string' && v.length > 0;
}
/** A list of 1 to MAX_BATCH objects under `key`, each with only `keys`. */
function batch(body, key, keys) {
    const fields = object(body, [key], 'the request body');
    if ('error' in fields)
        return fields;
    const list = fields.value[key];
    if (!Array.isArray(list) || list.length < 1 || list.length > redivis_model/* REDIVIS_BATCH */.O4)
        return fail(`${key} must be an array of 1 to ${redivis_model/* REDIVIS_BATCH */.O4} entries.`);
    const out = [];
    for (const [i, entry] of list.entries()) {
        if (!redivis_input_isObject(entry))
            return fail(`${key}[${i}] must be an object.`);
        const bad = unknownKeys(entry, keys, `${key}[${i}]`);
        if (bad)
            return bad;
        out.push(entry);
    }
    return { value: out };
}
function readTempUploads(body) {
    const list = batch(body, 'tempUploads', ['size', 'name', 'resumable']);
    if ('error' in list)
        return list;
    const out = [];
    for (const [i, e] of list.value.entries()) {
        if (typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0)
            return fail(`tempUploads[${i}].size must be an integer >= 0.`);
        if (!nonEmptyString(e.name))
            return fail(`tempUploads[${i}].name must be a non-empty string.`);
        if (typeof e.resumable !== 'boolean')
            return fail(`tempUploads[${i}].resumable must be a boolean.`);
        out.push({ size: e.size, name: e.name, resumable: e.resumable });
    }
    return { value: out };
}
function readUpload(body) {
    const checked = object(body, UPLOAD_KEYS, 'the upload');
    if ('error' in checked)
        return checked;
    const f = checked.value;
    if (!nonEmptyString(f.name))
        return fail('name must be a non-empty string.');
    if (!nonEmptyString(f.tempUploadId))
        return fail('tempUploadId must be a non-empty string.');
    if (f.type !== undefined && f.type !== null && typeof f.type !== 'string')
        return fail('type must be a string or null.');
    const options = {};
    for (const k of BOOLEAN_OPTIONS) {
        const v = f[k];
        if (v === undefined)
            continue;
        if (typeof v !== 'boolean')
            return fail(`${k} must be a boolean.`);
        options[k] = v;
    }
    for (const k of CHARACTER_OPTIONS) {
        const v = f[k];
        if (v === undefined)
            continue;
        if (v !== null && (typeof v !== 'string' || [...v].length !== 1))
            return fail(`${k} must be one character or null.`);
        options[k] = v;
    }
    const markers = f.nullMarkers;
    if (markers !== undefined) {
        if (markers !== null && !(Array.isArray(markers) && markers.every(m => typeof m === 'string')))
            return fail('nullMarkers must be an array of strings or null.');
        options.nullMarkers = markers;
    }
    return { value: { name: f.name, type: f.type, tempUploadId: f.tempUploadId, options } };
}
/** Why a raw file name is not a relative '/'-separated path, if it is not. */
function badPath(name) {
    if (name.includes('\\'))
        return 'uses "\\" (names are "/"-separated on every OS)';
    if (name.startsWith('/'))
        return 'is absolute';
    if (name.split('/').some(s => s === '' || s === '.' || s === '..'))
        return 'has an empty, "." or ".." segment';
    return undefined;
}
function readRawFiles(body) {
    const list = batch(body, 'files', ['name', 'tempUploadId']);
    if ('error' in list)
        return list;
    const out = [];
    for (const [i, e] of list.value.entries()) {
        if (!nonEmptyString(e.name))
            return fail(`files[${i}].name must be a non-empty string.`);
        const bad = badPath(e.name);
        if (bad)
            return fail(`files[${i}].name "${e.name}" ${bad}.`);
        if (!nonEmptyString(e.tempUploadId))
            return fail(`files[${i}].tempUploadId must be a non-empty string.`);
        out.push({ name: e.name, tempUploadId: e.tempUploadId });
    }
    return { value: out };
}
function readTablePatch(body) {
    const checked = object(body, ['uploadMergeStrategy'], 'the table update');
    if ('error' in checked)
        return checked;
    const s = checked.value.uploadMergeStrategy;
    if (s === undefined)
        return { value: {} };
    if (s !== 'append' && s !== 'replace')
        return fail(`uploadMergeStrategy must be one of ${MERGE_STRATEGIES.join(', ')}.`);
    return { value: { uploadMergeStrategy: s } };
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-reference.ts
// Redivis references (owner.dataset[:refId][:version].table[:refId]) and Redivis's name escaping.
/** Every character outside [A-Za-z0-9_] becomes `_`, and runs of `_` collapse to one (Redivis's rule). */
function escapeName(name) {
    return name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
}
/** Names are compared case-insensitively after escaping. */
function sameName(a, b) {
    return escapeName(a).toLowerCase() === escapeName(b).toLowerCase();
}
function versionTag(major, minor) {
    return `v${major}.${minor}`;
}
const NAME = /^[^.:]+/;
// A version token ends where the dataset part does: at '.', ':' or the end (v1.0 holds a dot of its own).
const VERSION = /^(next|current|v(\d+)[._](\d+))(?=[.:]|$)/;
/** A cursor over the reference text; undefined results mean "not a reference". */
class Reader {
    text;
    at = 0;
    constructor(text) {
        this.text = text;
    }
    done() {
        return this.at === this.text.length;
    }
    eat(ch) {
        if (this.text[this.at] !== ch)
            return false;
        this.at++;
        return true;
    }
    name() {
        const m = NAME.exec(this.text.slice(this.at));
        if (!m)
            return undefined;
        this.at += m[0].length;
        return m[0];
    }
    version() {
        const m = VERSION.exec(this.text.slice(this.at));
        if (!m)
            return undefined;
        this.at += m[0].length;
        if (m[1] === 'next' || m[1] === 'current')
            return { kind: m[1] };
        return { kind: 'tag', major: Number(m[2]), minor: Number(m[3]) };
    }
}
function readDataset(r) {
    const owner = r.name();
    if (owner === undefined || !r.eat('.'))
        return undefined;
    const dataset = r.name();
    if (dataset === undefined)
        return undefined;
    const ref = { owner, dataset };
    // [:refId][:version], in that order, each at most once.
    while (r.eat(':')) {
        const version = ref.version === undefined ? r.version() : undefined;
        if (version) {
            ref.version = version;
            continue;
        }
        if (ref.version !== undefined || ref.datasetRefId !== undefined)
            return undefined;
        ref.datasetRefId = r.name();
        if (ref.datasetRefId === undefined)
            return undefined;
    }
    return ref;
}
function parseDatasetReference(text) {
    const r = new Reader(text);
    const ref = readDataset(r);
    return ref && r.done() ? ref : undefined;
}
function parseTableReference(text) {
    const r = new Reader(text);
    const ds = readDataset(r);
    if (!ds || !r.eat('.'))
        return undefined;
    const table = r.name();
    if (table === undefined)
        return undefined;
    const ref = { ...ds, table };
    if (r.eat(':')) {
        ref.tableRefId = r.name();
        if (ref.tableRefId === undefined)
            return undefined;
    }
    return r.done() ? ref : undefined;
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-store.ts
// The Redivis side's state: datasets and their versions, tables, uploads, raw files and temp uploads.
// Processing status is derived from the clock (queued, running, then the outcome), so no timer can leak.



const OWNER = 'demo';
function table(name, refId, isFileIndex) {
    return { name, refId, isFileIndex, uploadMergeStrategy: 'append', uploads: [], rawFiles: [] };
}
/** The seeds every sandbox starts with (see the design: one sandbox for every service). */
function seeds() {
    const sandboxTables = () => [table('posts', 'pst1', false), table('files', 'fls1', true)];
    return [
        {
            owner: OWNER,
            name: 'sandbox_dataset',
            refId: 'sbx1',
            versions: [
                { major: 1, minor: 0, released: true, tables: sandboxTables() },
                { major: 1, minor: 1, released: false, tables: sandboxTables() }
            ]
        },
        {
            owner: OWNER,
            name: 'released_dataset',
            refId: 'rls1',
            versions: [{ major: 1, minor: 0, released: true, tables: [table('posts', 'pst2', false)] }]
        }
    ];
}
function sameRefId(given, actual) {
    return given === undefined || given.toLowerCase() === actual.toLowerCase();
}
function tagOf(v) {
    return versionTag(v.major, v.minor);
}
function redivis_store_newId() {
    return (0,external_node_crypto_.randomBytes)(8).toString('hex');
}
/** `name`, or `<base>_1<.ext>`, `_2` ... when an upload of the table already has it (as Redivis renames). */
function freeName(t, name) {
    const taken = (n) => t.uploads.some(u => sameName(u.name, n));
    if (!taken(name))
        return name;
    const dot = name.lastIndexOf('.');
    const base = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let n = 1;
    while (taken(`${base}_${n}${ext}`))
        n++;
    return `${base}_${n}${ext}`;
}
class RedivisStore {
    clock;
    o;
    datasets = seeds();
    temps = new Map();
    constructor(clock, o) {
        this.clock = clock;
        this.o = o;
    }
    dataset(ref) {
        return this.datasets.find(d => sameName(d.owner, ref.owner) && sameName(d.name, ref.dataset) && sameRefId(ref.datasetRefId, d.refId));
    }
    current(d) {
        return d.versions.filter(v => v.released).at(-1);
    }
    next(d) {
        return d.versions.find(v => !v.released);
    }
    /** No version means `current`, the API's default; a tag names a released version. */
    version(d, sel) {
        if (sel === undefined || sel.kind === 'current')
            return this.current(d);
        if (sel.kind === 'next')
            return this.next(d);
        return d.versions.find(v => v.released && v.major === sel.major && v.minor === sel.minor);
    }
    /** The table a reference names, or why there is none (for the 404's description). */
    locate(ref) {
        const dataset = this.dataset(ref);
        if (!dataset)
            return 'no such dataset';
        const version = this.version(dataset, ref.version);
        if (!version)
            return ref.version?.kind === 'next'
                ? 'the dataset has no next version'
                : 'no such version of the dataset';
        const t = version.tables.find(x => sameName(x.name, ref.table) && sameRefId(ref.tableRefId, x.refId));
        return t ? { dataset, version, table: t } : 'no such table in this version';
    }
    /** A new next version: the current version's tag plus one minor, its tables copied without uploads. */
    createNextVersion(d) {
        const cur = this.current(d);
        const v = {
            major: cur?.major ?? 1,
            minor: cur ? cur.minor + 1 : 0,
            released: false,
            tables: (cur?.tables ?? []).map(t => ({
                ...table(t.name, t.refId, t.isFileIndex),
                uploadMergeStrategy: t.uploadMergeStrategy
            }))
        };
        d.versions.push(v);
        return v;
    }
    createTempUploads(t, requests, token) {
        const now = this.clock();
        const expiresSeconds = Math.max(1, Math.ceil(this.o.tempUploadWindowMs / 1000));
        return requests.map(r => {
            let id;
            do
                id = redivis_store_newId();
            while (this.temps.has(id));
            const temp = {
                id,
                name: r.name,
                size: r.size,
                resumable: r.resumable,
                table: t,
                createdAt: now,
                expiresAt: now + this.o.tempUploadWindowMs,
                signedQuery: signedQuery(now, expiresSeconds, 'host'),
                token,
                sessionsStarted: 0,
                sessionIds: []
            };
            this.temps.set(id, temp);
            return temp;
        });
    }
    tempUpload(id) {
        return this.temps.get(id);
    }
    tempUploads() {
        return [...this.temps.values()];
    }
    /** Whether a temp upload can be used by an upload or a raw file of table `t`. */
    usable(temp, t) {
        return temp !== undefined && temp.table === t && temp.finalizedAt !== undefined;
    }
    /** First finalized object wins: later sessions of the same temp upload may finish but change nothing. */
    finalizeTempUpload(temp, object, lines, md5Hash) {
        if (temp.finalizedAt !== undefined)
            return;
        temp.finalizedAt = this.clock();
        temp.object = object;
        temp.lines = lines;
        temp.md5Hash = md5Hash;
    }
    createUpload(t, name, type, options, temp, result) {
        const u = {
            name: freeName(t, name),
            type,
            options,
            tempUploadId: temp.id,
            size: temp.size,
            createdAt: this.clock(),
            result
        };
        t.uploads.push(u);
        return u;
    }
    /** The upload an escaped name (as in an upload's uri) names. */
    findUpload(t, escaped) {
        return t.uploads.find(u => sameName(u.name, escaped));
    }
    deleteUpload(t, u) {
        t.uploads = t.uploads.filter(x => x !== u);
    }
    status(u) {
        const elapsed = this.clock() - u.createdAt;
        if (elapsed < this.o.processingMs / 2)
            return 'queued';
        if (elapsed < this.o.processingMs)
            return 'running';
        return u.result.status;
    }
    /** Rows of the table: its completed uploads' rows; a file index has a row per file. */
    numRows(t) {
        if (t.isFileIndex)
            return t.rawFiles.length;
        let rows = 0;
        for (const u of t.uploads)
            if (this.status(u) === 'completed' && u.result.status === 'completed')
                rows += u.result.numRows;
        return rows;
    }
    /** Adds the files (already checked) to a file index table. */
    addRawFiles(t, files) {
        const added = files.map(f => {
            const temp = this.temps.get(f.tempUploadId);
            return {
                id: redivis_store_newId(),
                name: f.name,
                size: temp.size,
                md5Hash: temp.md5Hash ?? '',
                tempUploadId: temp.id
            };
        });
        t.rawFiles.push(...added);
        return added;
    }
    /** Why these files cannot be added, if they cannot (nothing is added then). */
    rawFilesProblem(t, files) {
        const seen = [];
        for (const f of files) {
            if (!this.usable(this.temps.get(f.tempUploadId), t))
                return `tempUpload ${f.tempUploadId} (for "${f.name}") is unknown for this table or its transfer is not complete.`;
            if (t.rawFiles.some(r => sameName(r.name, f.name)) || seen.some(n => sameName(n, f.name)))
                return `A file named "${f.name}" already exists in this table.`;
            seen.push(f.name);
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-resources.ts
// The JSON resources the Redivis API answers with, in Redivis's field names.


function versionSummary(v) {
    return v ? { kind: 'version', tag: tagOf(v), isReleased: v.released } : null;
}
function datasetResource(d, current, next) {
    const qualified = `${d.owner}.${d.name}`;
    return {
        kind: 'dataset',
        uri: `/datasets/${qualified}`,
        name: d.name,
        qualifiedReference: qualified,
        currentVersion: versionSummary(current),
        nextVersion: versionSummary(next)
    };
}
function versionResource(d, v) {
    return {
        kind: 'version',
        tag: tagOf(v),
        isReleased: v.released,
        datasetUri: `/datasets/${d.owner}.${d.name}:${v.released ? tagOf(v).replace('.', '_') : 'next'}`
    };
}
/** A table's uri: its reference as the request gave it, encoded once. */
function tableUri(ref) {
    return `/tables/${encodeURIComponent(ref)}`;
}
function tableResource(ref, t, numRows) {
    return {
        kind: 'table',
        uri: tableUri(ref),
        name: t.name,
        isFileIndex: t.isFileIndex,
        uploadMergeStrategy: t.uploadMergeStrategy,
        numRows
    };
}
function tempUploadResource(t, url) {
    return { kind: 'tempUpload', id: t.id, url, name: t.name, size: String(t.size), resumable: t.resumable };
}
function uploadResource(ref, u, status) {
    const r = u.result;
    return {
        kind: 'upload',
        uri: `${tableUri(ref)}/uploads/${escapeName(u.name)}`,
        name: u.name,
        status,
        type: u.type,
        numRows: status === 'completed' && r.status === 'completed' ? r.numRows : null,
        errorMessage: status === 'failed' && r.status === 'failed' ? r.errorMessage : null,
        size: u.size
    };
}
function rawFileResource(f) {
    return {
        kind: 'rawFile',
        id: f.id,
        uri: `/rawFiles/${f.id}`,
        name: f.name,
        md5Hash: f.md5Hash,
        size: f.size
    };
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-rows.ts
// What processing an upload finds: its row count, or why it failed (jagged rows, a bad ndjson line). The
// lines are counted as the bytes are committed, so a discarded object (discardObjects) still gets a count;
// the checks need the bytes and run only when the object was kept.
const redivis_rows_NL = 0x0a;
const CR = 0x0d;
/** Whether buf[from, to) holds a byte other than '\r': a line of only '\r' (or nothing) is blank. */
function hasContent(buf, from, to) {
    for (let i = from; i < to; i++)
        if (buf[i] !== CR)
            return true;
    return false;
}
/** Counts the non-blank lines of the committed bytes (a last line without '\n' counts), in constant memory. */
class LineCounter {
    lines = 0;
    /** The line in progress has content. */
    open = false;
    push(buf) {
        let from = 0;
        for (;;) {
            const nl = buf.indexOf(redivis_rows_NL, from);
            const to = nl < 0 ? buf.length : nl;
            if (!this.open)
                this.open = hasContent(buf, from, to);
            if (nl < 0)
                return;
            if (this.open)
                this.lines++;
            this.open = false;
            from = nl + 1;
        }
    }
    mark() {
        return { lines: this.lines, open: this.open };
    }
    rollback(m) {
        this.lines = m.lines;
        this.open = m.open;
    }
    reset() {
        this.rollback({ lines: 0, open: false });
    }
    end() {
        if (this.open)
            this.lines++;
        this.open = false;
    }
}
/** The object's lines without '\n' and trailing '\r', numbered from 1. */
function* redivis_rows_lines(object) {
    let from = 0;
    let n = 0;
    while (from < object.length) {
        const nl = object.indexOf(redivis_rows_NL, from);
        const to = nl < 0 ? object.length : nl;
        n++;
        yield { text: object.toString('utf8', from, to).replace(/\r+$/, ''), n };
        from = to + 1;
    }
}
/** Redivis detects the delimiter; the sandbox takes it from the extension. */
function defaultDelimiter(name) {
    const ext = /\.([^.]+)$/.exec(name.toLowerCase())?.[1];
    if (ext === 'tsv' || ext === 'tab')
        return '\t';
    if (ext === 'psv')
        return '|';
    return ',';
}
function delimited(object, name, o) {
    const delimiter = o.delimiter ?? defaultDelimiter(name);
    const quote = o.quoteCharacter === undefined ? '"' : o.quoteCharacter;
    // An escape equal to the quote is the usual doubling ("" inside quotes), which toggling already handles.
    const escape = o.escapeCharacter && o.escapeCharacter !== quote ? o.escapeCharacter : undefined;
    const header = o.hasHeaderRow ?? true;
    let expected;
    let rows = 0;
    let fields = 0;
    let recordLine = 0;
    let inQuotes = false;
    let open = false;
    let failure;
    const endRecord = () => {
        open = false;
        inQuotes = false;
        if (expected === undefined) {
            expected = { fields, line: recordLine };
            if (!header)
                rows++;
            return;
        }
        if (fields !== expected.fields && !o.allowJaggedRows) {
            if (o.skipBadRecords)
                return;
            const first = header ? 'the header has' : `row ${expected.line} has`;
            failure ??= `Row ${recordLine} has ${fields} fields but ${first} ${expected.fields} (allowJaggedRows is false).`;
            return;
        }
        rows++;
    };
    for (const { text, n } of redivis_rows_lines(object)) {
        if (!open) {
            if (text === '')
                continue;
            recordLine = n;
            fields = 1;
        }
        let escaped = false;
        for (const ch of text) {
            if (escaped)
                escaped = false;
            else if (ch === escape)
                escaped = true;
            else if (ch === quote)
                inQuotes = !inQuotes;
            else if (ch === delimiter && !inQuotes)
                fields++;
        }
        if (inQuotes && o.hasQuotedNewlines) {
            open = true;
            continue;
        }
        endRecord();
        if (failure)
            return { status: 'failed', errorMessage: failure };
    }
    if (open)
        endRecord();
    return failure ? { status: 'failed', errorMessage: failure } : { status: 'completed', numRows: rows };
}
function ndjson(object, o) {
    let rows = 0;
    for (const { text, n } of redivis_rows_lines(object)) {
        if (text === '')
            continue;
        let problem;
        try {
            const v = JSON.parse(text);
            if (typeof v !== 'object' || v === null || Array.isArray(v))
                problem = `Line ${n} is not a JSON object.`;
        }
        catch (err) {
            problem = `Line ${n} is not valid JSON: ${err.message}`;
        }
        if (problem === undefined)
            rows++;
        else if (!o.skipBadRecords)
            return { status: 'failed', errorMessage: problem };
    }
    return { status: 'completed', numRows: rows };
}
/**
 * Processing of an upload of this type. With the object, delimited and ndjson files are checked row by
 * row; without it (discarded) their rows are the counted lines (less the header). Other types: 0 rows.
 */
function processUpload(type, name, o, data) {
    if (type === 'delimited') {
        if (data.object)
            return delimited(data.object, name, o);
        return { status: 'completed', numRows: Math.max(0, data.lines - (o.hasHeaderRow === false ? 0 : 1)) };
    }
    if (type === 'ndjson')
        return data.object ? ndjson(data.object, o) : { status: 'completed', numRows: data.lines };
    return { status: 'completed', numRows: 0 };
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-target.ts
// A Redivis temp upload's url as an upload target: the bearer token on every transfer, a start POST with
// exactly x-goog-resumable, x-upload-content-length and Content-Length: 0 (else 400 naming what is wrong),
// an object of exactly the declared size, its lines and MD5 found as the bytes arrive.




const REDIVIS_BUCKET = 'redivis-temp-uploads';
/** Lines (for the row count) and MD5 (for raw files) of the committed bytes, in constant memory. */
class TempUploadScanner {
    lines = new LineCounter();
    md5 = (0,external_node_crypto_.createHash)('md5');
    md5Hash = '';
    push(buf) {
        this.lines.push(buf);
        this.md5.update(buf);
    }
    mark() {
        return { lines: this.lines.mark(), md5: this.md5.copy() };
    }
    rollback(m) {
        this.lines.rollback(m.lines);
        // A copy, so the same mark can be rolled back to again.
        this.md5 = m.md5.copy();
    }
    reset() {
        this.lines.reset();
        this.md5 = (0,external_node_crypto_.createHash)('md5');
    }
    end() {
        this.lines.end();
        this.md5Hash = this.md5.copy().digest('base64');
    }
}
/** The bearer token of a request, if any. */
function bearer(req) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m?.[1];
}
class TempUploadTarget {
    store;
    t;
    discardObjects;
    bucket = REDIVIS_BUCKET;
    contentType = 'application/octet-stream';
    constructor(store, t, discardObjects) {
        this.store = store;
        this.t = t;
        this.discardObjects = discardObjects;
    }
    get id() {
        return this.t.id;
    }
    get resumable() {
        return this.t.resumable;
    }
    get signedQuery() {
        return this.t.signedQuery;
    }
    get expiresAt() {
        return this.t.expiresAt;
    }
    get finalizedAt() {
        return this.t.finalizedAt;
    }
    authorize(req) {
        if (bearer(req) === this.t.token)
            return undefined;
        return xmlError(401, 'AuthenticationRequired', 'The request needs the bearer token that created this temp upload (Authorization: Bearer <token>).');
    }
    checkStart(req) {
        const { size } = this.t;
        const h = req.headers;
        if (!this.t.resumable)
            return invalidArgument(`Temp upload ${this.t.id} is not resumable: PUT the whole file to its url.`);
        if (h['x-goog-resumable'] !== 'start')
            return invalidArgument(`The start request needs x-goog-resumable: start, not ${h['x-goog-resumable'] ?? 'none'}.`);
        const declared = h['x-upload-content-length'];
        if (declared === undefined)
            return invalidArgument(`The start request needs x-upload-content-length: ${size} (the declared size).`);
        if (declared !== String(size))
            return invalidArgument(`x-upload-content-length ${declared} differs from the declared size ${size}.`);
        if (contentLength(req) !== 0)
            return invalidArgument('The start request needs Content-Length: 0 and an empty body.');
        if (h['content-type'] !== undefined)
            return invalidArgument(`The start request must not have a Content-Type (it has ${h['content-type']}).`);
        return undefined;
    }
    checkSimplePut(req, received) {
        const { size } = this.t;
        if (this.t.resumable)
            return invalidArgument(`Temp upload ${this.t.id} is resumable: start a session with x-goog-resumable: start.`);
        const cl = contentLength(req);
        if (cl !== size || received !== size)
            return invalidArgument(`The body has ${cl ?? received} bytes (Content-Length ${cl ?? 'none'}) but the declared size is ${size}.`);
        return undefined;
    }
    checkFinal(session) {
        if (session.persisted === this.t.size)
            return undefined;
        return invalidArgument(`The object has ${session.persisted} bytes but the declared size is ${this.t.size}.`);
    }
    sessionOptions() {
        return {
            discard: this.discardObjects,
            scanner: new TempUploadScanner(),
            ...(this.t.resumable ? { total: this.t.size } : {})
        };
    }
    sessionStarted(uploadId) {
        this.t.sessionsStarted++;
        this.t.sessionIds.push(uploadId);
    }
    finalized(session) {
        const s = session.scanner;
        if (!(s instanceof TempUploadScanner))
            return;
        this.store.finalizeTempUpload(this.t, session.object, s.lines.lines, s.md5Hash);
    }
    uploadUrl(base) {
        return tempUploadUrl(this.t, base);
    }
}
function tempUploadUrl(t, base) {
    return `${base}/gcs/${REDIVIS_BUCKET}/${t.id}/submission?${t.signedQuery}`;
}
/** The temp upload a /gcs/redivis-temp-uploads/{id} path names, as an upload target. */
function tempUploadTargets(store, discardObjects) {
    return (bucket, id) => {
        const t = bucket === REDIVIS_BUCKET ? store.tempUpload(id) : undefined;
        return t && new TempUploadTarget(store, t, discardObjects);
    };
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-endpoints.ts








function ok(value, status = 200) {
    return jsonReply(status, value);
}
function getDataset(env, ref) {
    const parsed = parseDatasetReference(ref);
    const d = parsed && env.store.dataset(parsed);
    if (!parsed || !d)
        return redivis_errors_notFound(`Dataset "${ref}" not found.`);
    if (!env.store.version(d, parsed.version))
        return redivis_errors_notFound(`Dataset "${ref}" not found: no such version.`);
    return ok(datasetResource(d, env.store.current(d), env.store.next(d)));
}
function createVersion(env, ref, body) {
    const parsed = parseDatasetReference(ref);
    const d = parsed && env.store.dataset(parsed);
    if (!parsed || !d)
        return redivis_errors_notFound(`Dataset "${ref}" not found.`);
    if (body.length > 0)
        return redivis_errors_invalid('The request body must be empty.');
    const next = env.store.next(d);
    if (next)
        return redivis_errors_invalid(`Dataset ${d.owner}.${d.name} already has a next version (${tagOf(next)}): upload into ${d.owner}.${d.name}:next.`);
    return ok(versionResource(d, env.store.createNextVersion(d)));
}
function locate(env, ref) {
    const parsed = parseTableReference(ref);
    if (!parsed)
        return redivis_errors_notFound(`Table "${ref}" not found: not a reference of the form owner.dataset[:version].table.`);
    const found = env.store.locate(parsed);
    return typeof found === 'string' ? redivis_errors_notFound(`Table "${ref}" not found: ${found}.`) : found;
}
function isReply(v) {
    return !('table' in v);
}
/** Writes go to the unreleased next version only. */
function releasedRefusal(loc, what) {
    if (!loc.version.released)
        return undefined;
    const d = `${loc.dataset.owner}.${loc.dataset.name}`;
    return redivis_errors_invalid(`${what} can only be made to the next version of a dataset: ${d} ${tagOf(loc.version)} is released ` +
        `(reference the table as ${d}:next.${loc.table.name}).`);
}
function getTable(env, { ref }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    return ok(tableResource(ref, loc.table, env.store.numRows(loc.table)));
}
function patchTable(env, { ref, body }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const refused = releasedRefusal(loc, 'Changes to tables');
    if (refused)
        return refused;
    const patch = readTablePatch(body);
    if ('error' in patch)
        return patch.error;
    if (patch.value.uploadMergeStrategy)
        loc.table.uploadMergeStrategy = patch.value.uploadMergeStrategy;
    return ok(tableResource(ref, loc.table, env.store.numRows(loc.table)));
}
function createTempUploads(env, { ref, body }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const refused = releasedRefusal(loc, 'Uploads');
    if (refused)
        return refused;
    const requests = readTempUploads(body);
    if ('error' in requests)
        return requests.error;
    const made = env.store.createTempUploads(loc.table, requests.value, env.token);
    return ok({
        kind: 'tempUploadList',
        results: made.map(t => tempUploadResource(t, tempUploadUrl(t, env.base)))
    });
}
function fileIndexRefusal(loc, ref) {
    return loc.table.isFileIndex
        ? redivis_errors_invalid(`Table ${ref} is a file index table: add files to it with POST rawFiles, not uploads.`)
        : undefined;
}
function createUpload(env, { ref, body }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const refused = releasedRefusal(loc, 'Uploads') ?? fileIndexRefusal(loc, ref);
    if (refused)
        return refused;
    const req = readUpload(body);
    if ('error' in req)
        return req.error;
    const { name, type: given, tempUploadId, options } = req.value;
    if (typeof given === 'string' && !isUploadType(given))
        return redivis_errors_invalid(`type "${given}" is not one of ${redivis_model/* UPLOAD_TYPES */.si.join(', ')}.`);
    const type = typeof given === 'string' ? given : typeFromName(name);
    if (type === undefined)
        return redivis_errors_invalid(`The type of "${name}" cannot be detected from its name: give a type.`);
    const temp = env.store.tempUpload(tempUploadId);
    if (!env.store.usable(temp, loc.table))
        return redivis_errors_invalid(`tempUpload ${tempUploadId} is unknown for this table or its transfer is not complete.`);
    const f = env.fault;
    const result = f && 'uploadOutcome' in f
        ? { status: 'failed', errorMessage: f.errorMessage }
        : processUpload(type, name, options, { object: temp.object, lines: temp.lines ?? 0 });
    const u = env.store.createUpload(loc.table, name, type, options, temp, result);
    return ok(uploadResource(ref, u, env.store.status(u)));
}
function listUploads(env, { ref }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const results = loc.table.uploads.map(u => uploadResource(ref, u, env.store.status(u)));
    return ok({ kind: 'uploadList', results });
}
/** GET and HEAD of one upload by its escaped name. */
function getUpload(env, { ref }, name) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const u = env.store.findUpload(loc.table, name);
    if (!u)
        return redivis_errors_notFound(`Upload "${name}" not found in table ${ref}.`);
    return ok(uploadResource(ref, u, env.store.status(u)));
}
function deleteUpload(env, { ref }, name) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const u = env.store.findUpload(loc.table, name);
    if (!u)
        return redivis_errors_notFound(`Upload "${name}" not found in table ${ref}.`);
    const refused = releasedRefusal(loc, 'Deletions of uploads');
    if (refused)
        return refused;
    env.store.deleteUpload(loc.table, u);
    return ok({});
}
function addRawFiles(env, { ref, body }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    const refused = releasedRefusal(loc, 'Uploads');
    if (refused)
        return refused;
    if (!loc.table.isFileIndex)
        return redivis_errors_invalid(`Table ${ref} is not a file index table: raw files go only to a table made with isFileIndex.`);
    const files = readRawFiles(body);
    if ('error' in files)
        return files.error;
    const problem = env.store.rawFilesProblem(loc.table, files.value);
    if (problem)
        return redivis_errors_invalid(`${problem} No file was added.`);
    const added = env.store.addRawFiles(loc.table, files.value);
    return ok({ kind: 'rawFileList', results: added.map(rawFileResource) }, 201);
}
function listRawFiles(env, { ref }) {
    const loc = locate(env, ref);
    if (isReply(loc))
        return loc;
    return ok({ kind: 'rawFileList', results: loc.table.rawFiles.map(rawFileResource) });
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-api.ts




const REDIVIS_PREFIX = '/api/v1/';
/** One window for every /api/v1 request of every token. */
const FAMILY = 'redivis';
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
// 1000 temp uploads or files with long names fit well below this.
const redivis_api_BODY_LIMIT = 4 << 20;
const REDIVIS_KINDS = [
    'redivisDataset',
    'redivisVersion',
    'redivisTable',
    'tempUploads',
    'uploadCreate',
    'uploadGet',
    'uploadHead',
    'uploadDelete',
    'rawFiles',
    'rawFileList'
];
function redivis_api_decode(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return segment; // not percent-encoding: no reference parses from it, so a 404 names it
    }
}
function endpointOf(pathname) {
    const parts = pathname.slice(REDIVIS_PREFIX.length).split('/');
    const [collection, rawRef, leaf, rawName, ...rest] = parts;
    if (!rawRef || rest.length)
        return { at: 'unknown' };
    const ref = redivis_api_decode(rawRef);
    if (collection === 'datasets') {
        if (leaf === undefined)
            return { at: 'dataset', ref };
        if (leaf === 'versions' && rawName === undefined)
            return { at: 'versions', ref };
    }
    if (collection === 'tables') {
        if (leaf === undefined)
            return { at: 'table', ref };
        if (leaf === 'uploads' && rawName)
            return { at: 'upload', ref, name: redivis_api_decode(rawName) };
        if ((leaf === 'tempUploads' || leaf === 'uploads' || leaf === 'rawFiles') && rawName === undefined)
            return { at: leaf, ref };
    }
    return { at: 'unknown' };
}
const KINDS = {
    dataset: { GET: 'redivisDataset', HEAD: 'redivisDataset' },
    versions: { POST: 'redivisVersion' },
    table: { GET: 'redivisTable', HEAD: 'redivisTable', PATCH: 'redivisTable' },
    tempUploads: { POST: 'tempUploads' },
    uploads: { POST: 'uploadCreate', GET: 'uploadGet', HEAD: 'uploadGet' },
    upload: { GET: 'uploadGet', HEAD: 'uploadHead', DELETE: 'uploadDelete' },
    rawFiles: { POST: 'rawFiles', GET: 'rawFileList', HEAD: 'rawFileList' },
    unknown: {}
};
/** What a /api/v1/... request is. */
function redivisRoute(method, pathname) {
    const endpoint = endpointOf(pathname);
    const kind = KINDS[endpoint.at][method];
    return kind ? { kind, endpoint, method } : { kind: 'other', endpoint: { at: 'unknown' }, method };
}
function redivis_api_rateHeaders(state) {
    return { 'x-ratelimit-limit': String(state.limit), 'x-ratelimit-remaining': String(state.remaining) };
}
/** The window as it stands, for answers the fault plan makes before (or instead of) the endpoint's. */
function redivisRateHeaders(deps) {
    return redivis_api_rateHeaders(deps.limiter.peek(FAMILY));
}
function redivis_api_withHeaders(reply, headers) {
    return { ...reply, headers: { ...reply.headers, ...headers } };
}
/** Counts the request in the window (or spends it, for a rateLimit fault); a 429 when it is spent. */
function redivis_api_admit(ctx, deps) {
    const f = ctx.fault;
    let state;
    if (f && 'rateLimit' in f) {
        deps.limiter.exhaust(FAMILY, deps.clock() + f.rateLimit.resetInSeconds * 1000);
        state = deps.limiter.peek(FAMILY);
        if (f.rateLimit.mode === 'exhaust')
            return { state };
    }
    else {
        const taken = deps.limiter.take(FAMILY);
        state = taken.state;
        if (taken.ok)
            return { state };
    }
    const retryAfter = Math.max(1, Math.ceil((state.endsAt - deps.clock()) / 1000));
    const refused = redivis_api_withHeaders(rateLimited(deps.limit, deps.windowMs, retryAfter), {
        'retry-after': String(retryAfter)
    });
    return { state, refused };
}
function authorize(req, deps) {
    const token = bearer(req);
    const known = deps.token === undefined || token === deps.token || token === deps.readOnlyToken;
    if (!token || !known)
        return { refused: invalidToken() };
    if (token === deps.readOnlyToken && WRITE_METHODS.includes(req.method ?? 'GET'))
        return { refused: insufficientScope() };
    return { token };
}
function redivis_api_dispatch(env, route, body) {
    const e = route.endpoint;
    if (e.at === 'unknown')
        return redivis_errors_notFound(`No such endpoint: ${route.method} ${REDIVIS_PREFIX}...`);
    if (e.at === 'dataset')
        return getDataset(env, e.ref);
    if (e.at === 'versions')
        return createVersion(env, e.ref, body);
    const call = { ref: e.ref, body };
    switch (route.kind) {
        case 'redivisTable':
            return route.method === 'PATCH' ? patchTable(env, call) : getTable(env, call);
        case 'tempUploads':
            return createTempUploads(env, call);
        case 'uploadCreate':
            return createUpload(env, call);
        case 'uploadGet':
        case 'uploadHead':
            return e.at === 'upload' ? getUpload(env, call, e.name) : listUploads(env, call);
        case 'uploadDelete':
            return e.at === 'upload' ? deleteUpload(env, call, e.name) : redivis_errors_notFound('No such upload.');
        case 'rawFiles':
            return addRawFiles(env, call);
        case 'rawFileList':
            return listRawFiles(env, call);
        default:
            return redivis_errors_notFound(`No such endpoint: ${route.method} ${REDIVIS_PREFIX}...`);
    }
}
async function handleRedivisApi(ctx, deps, route) {
    const body = await readBody(ctx, redivis_api_BODY_LIMIT);
    if (body === undefined)
        return undefined;
    const { state, refused } = redivis_api_admit(ctx, deps);
    let reply;
    if (refused)
        reply = refused;
    else {
        const auth = authorize(ctx.req, deps);
        reply =
            'refused' in auth
                ? auth.refused
                : redivis_api_dispatch({ store: deps.store, base: ctx.base, token: auth.token, fault: ctx.fault }, route, body);
    }
    reply = redivis_api_withHeaders(reply, redivis_api_rateHeaders(state));
    // HEAD answers have no body: an error's JSON goes URL-encoded in a header, as Redivis sends it.
    if (route.method === 'HEAD' && reply.status >= 400 && typeof reply.body === 'string')
        reply = redivis_api_withHeaders(reply, { 'x-redivis-error-payload': encodeURIComponent(reply.body) });
    return reply;
}

;// CONCATENATED MODULE: ./src/sandbox/redivis-view.ts
// The Redivis side as tests see it (Sandbox.redivis()): plain copies, never the live records.


function redivisView(store, base) {
    const datasets = store.datasets.map((d) => {
        const current = store.current(d);
        const next = store.next(d);
        return {
            ref: `${d.owner}.${d.name}`,
            refId: d.refId,
            currentVersion: current ? tagOf(current) : null,
            nextVersion: next ? tagOf(next) : null,
            tables: d.versions.flatMap(v => v.tables.map(t => ({
                name: t.name,
                refId: t.refId,
                version: tagOf(v),
                isFileIndex: t.isFileIndex,
                uploadMergeStrategy: t.uploadMergeStrategy,
                uploads: t.uploads.map(u => {
                    const status = store.status(u);
                    const r = u.result;
                    return {
                        name: u.name,
                        status,
                        numRows: status === 'completed' && r.status === 'completed' ? r.numRows : null,
                        errorMessage: status === 'failed' && r.status === 'failed' ? r.errorMessage : null,
                        size: u.size,
                        type: u.type,
                        options: { ...u.options },
                        tempUploadId: u.tempUploadId
                    };
                }),
                rawFiles: t.rawFiles.map(f => ({ name: f.name, size: f.size, md5Hash: f.md5Hash }))
            })))
        };
    });
    const tempUploads = store.tempUploads().map(t => ({
        id: t.id,
        name: t.name,
        size: t.size,
        resumable: t.resumable,
        complete: t.finalizedAt !== undefined,
        sessionsStarted: t.sessionsStarted,
        sessionIds: [...t.sessionIds],
        url: tempUploadUrl(t, base)
    }));
    return { datasets, tempUploads };
}

;// CONCATENATED MODULE: ./src/sandbox/server.ts
// The sandbox's HTTP server: routing, fault dispatch, response-side faults, stats and shutdown.
























const server_MINUTE = 60_000;
const MEDIA_PROCESSING_MS = 1500;
const REDIVIS_DEFAULTS = {
    processingMs: 300,
    limit: 100,
    windowMs: 100_000,
    tempUploadWindowMs: 24 * 60 * server_MINUTE
};
function flaggedPercent(v) {
    if (v === undefined)
        return result_line_DEFAULT_FLAGGED_PERCENT;
    if (!Number.isInteger(v) || v < 0 || v > 100)
        throw new RangeError(`flaggedPercent must be an integer from 0 to 100, not ${v}.`);
    return v;
}
/** The bytes to send; a HEAD answer's generated body is not made (Node would drop it anyway). */
function replyBody(ctx, reply) {
    const b = reply.body;
    if (b === undefined)
        return Buffer.alloc(0);
    if (typeof b === 'string')
        return Buffer.from(b);
    if (Buffer.isBuffer(b))
        return b;
    return ctx.req.method === 'HEAD' ? silentSource(b.length) : b;
}
const STATUS_TEXT = {
    400: ['InvalidArgument', 'Invalid argument'],
    401: ['AuthenticationRequired', 'Authentication required'],
    403: ['AccessDenied', 'Access denied'],
    408: ['RequestTimeout', 'Request Timeout'],
    412: ['PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'],
    429: ['TooManyRequests', 'Too Many Requests'],
    500: ['InternalError', 'Internal Server Error'],
    502: ['BadGateway', 'Bad Gateway'],
    503: ['ServiceUnavailable', 'Service Unavailable'],
    504: ['GatewayTimeout', 'Gateway Timeout']
};
const X_KINDS = ['create', 'get', 'list', 'cancel'];
/** The answer a `status` fault sends: X's problem shape on the X APIs (compliance, media, posts), Redivis's
 *  shapes on Redivis's, GCS's XML error elsewhere. */
function statusFaultReply(kind, f, extraHeaders = {}) {
    const [code, title] = STATUS_TEXT[f.status] ?? ['Error', 'Error'];
    const base = X_KINDS.includes(kind) || MEDIA_KINDS.includes(kind)
        ? jsonReply(f.status, { title, type: 'about:blank', status: f.status, detail: title }, 'application/problem+json')
        : REDIVIS_KINDS.includes(kind)
            ? redivisStatusReply(f.status)
            : xmlError(f.status, code, `${title} (injected by the sandbox fault plan).`);
    return {
        status: f.status,
        headers: { ...base.headers, ...extraHeaders, ...f.headers },
        body: f.body ?? base.body
    };
}
async function startSandbox(opts = {}) {
    const clock = opts.clock ?? Date.now;
    const jobs = new JobStore(clock, opts.processingMs ?? 1000, opts.uploadWindowMs ?? 15 * server_MINUTE);
    const limiter = new RateLimiter(opts.rateLimit?.limit ?? 150, opts.rateLimit?.windowMs ?? 15 * server_MINUTE, clock);
    const faults = new FaultBook(opts.faults);
    const sessions = new Map();
    const timers = new Timers();
    const sockets = new Set();
    const requests = [];
    const xDeps = { jobs, limiter, token: opts.token, clock };
    const discardObjects = opts.discardObjects ?? false;
    const rv = opts.redivis ?? {};
    const redivisStore = new RedivisStore(clock, {
        processingMs: rv.processingMs ?? REDIVIS_DEFAULTS.processingMs,
        tempUploadWindowMs: rv.tempUploadWindowMs ?? REDIVIS_DEFAULTS.tempUploadWindowMs
    });
    const redivisLimit = rv.rateLimit?.limit ?? REDIVIS_DEFAULTS.limit;
    const redivisWindowMs = rv.rateLimit?.windowMs ?? REDIVIS_DEFAULTS.windowMs;
    const redivisDeps = {
        store: redivisStore,
        limiter: new RateLimiter(redivisLimit, redivisWindowMs, clock),
        limit: redivisLimit,
        windowMs: redivisWindowMs,
        token: rv.token,
        readOnlyToken: rv.readOnlyToken,
        clock
    };
    const gcsDeps = {
        jobs,
        targets: anyTarget(jobTargets(jobs, { discardObjects, flaggedPercent: flaggedPercent(opts.flaggedPercent) }), tempUploadTargets(redivisStore, discardObjects)),
        sessions,
        clock
    };
    const mo = opts.media ?? {};
    const mediaDeps = {
        store: new MediaStore(clock, mo.processingMs ?? MEDIA_PROCESSING_MS, !discardObjects, mo.checkAfterSecs),
        limits: new MediaLimits(clock, mo.rateLimit),
        auth: { userToken: mo.userToken, verifier: new OAuth1Verifier(mo.oauth1 ?? SANDBOX_OAUTH1, clock) }
    };
    let bytesReceived = 0;
    let base = '';
    function route(req, url) {
        const method = req.method ?? 'GET';
        const path = url.pathname;
        const x = (kind) => ({ kind, final: false, run: ctx => handleXApi(ctx, xDeps) });
        if (path === '/2/compliance/jobs') {
            if (method === 'POST')
                return x('create');
            if (method === 'GET')
                return x('list');
        }
        if (/^\/2\/compliance\/jobs\/[^/]+$/.test(path)) {
            if (method === 'GET')
                return x('get');
            if (method === 'DELETE')
                return x('cancel');
        }
        const media = mediaRoute(method, path);
        if (media)
            return { kind: media.kind, final: false, run: ctx => handleMediaApi(ctx, mediaDeps, media) };
        if (path.startsWith('/2/'))
            return x('other');
        if (path.startsWith(REDIVIS_PREFIX)) {
            const rr = redivisRoute(method, path);
            return { kind: rr.kind, final: false, run: ctx => handleRedivisApi(ctx, redivisDeps, rr) };
        }
        const gcs = parseGcsPath(path);
        const g = (kind, final, fn) => gcs && { kind, final, run: (ctx) => fn(ctx, gcsDeps, gcs) };
        const session = url.searchParams.has('upload_id');
        let r;
        if (gcs?.leaf === 'submission') {
            if (method === 'POST' && !session)
                r = g('start', false, handleStart);
            else if (method === 'PUT' && session) {
                const cr = parseContentRange(req);
                const s = sessions.get(url.searchParams.get('upload_id') ?? '');
                r = g(cr.form === 'query' ? 'status' : 'chunk', wouldFinalize(cr, s), handleSessionPut);
            }
            else if (method === 'PUT')
                r = g('simplePut', true, handleSimplePut);
            else if (method === 'DELETE' && session)
                r = g('sessionDelete', false, handleSessionDelete);
        }
        else if (gcs?.leaf === 'delivery' && (method === 'GET' || method === 'HEAD')) {
            r = g('download', false, handleDownload);
        }
        return (r || {
            kind: 'other',
            final: false,
            run: async (ctx) => ((await consumeBody(ctx)) ? xmlError(404, 'NotFound', 'Not Found') : undefined)
        });
    }
    /** Writes the reply, applying response-side faults. */
    function send(ctx, reply) {
        const { res, record } = ctx;
        if (res.destroyed || ctx.req.socket.destroyed)
            return;
        const f = ctx.fault;
        const body = replyBody(ctx, reply);
        const headers = { ...reply.headers, 'content-length': body.length };
        if (reply.status === 308 && typeof headers.range === 'string')
            record.range = headers.range;
        if (f && 'loseFinalResponse' in f)
            return markReset(ctx);
        if (f && 'truncateFinalResponse' in f) {
            record.outcome = 'truncated';
            record.status = reply.status;
            if (f.truncateFinalResponse === 'empty') {
                res.writeHead(reply.status, { ...headers, 'content-length': 0 });
                res.end();
                return;
            }
            res.writeHead(reply.status, headers);
            writeRange(res, body, 0, Math.floor(body.length / 2), () => ctx.req.socket.destroy());
            return;
        }
        const write = () => {
            if (res.destroyed)
                return;
            res.writeHead(reply.status, headers);
            endFrom(res, body, 0);
        };
        const cut = f && ctx.kind === 'download' ? ('reset' in f ? f.reset : 'stall' in f ? f.stall : undefined) : undefined;
        if (f && cut) {
            const n = Math.min(cut.afterBytes ?? 0, body.length);
            if ('reset' in f && n === 0)
                return markReset(ctx);
            res.writeHead(reply.status, headers);
            writeRange(res, body, 0, n, () => {
                if ('reset' in f) {
                    // FIN after the first bytes so the client surely holds them: a broken stream mid-body.
                    record.outcome = 'truncated';
                    record.status = reply.status;
                    ctx.req.socket.destroy();
                }
                else if ('stall' in f && f.stall.ms !== undefined) {
                    timers.later(() => !res.destroyed && endFrom(res, body, n), f.stall.ms);
                }
                else
                    record.outcome = 'unanswered';
            });
            return;
        }
        if (f && 'stall' in f && f.stall.afterBytes === undefined) {
            if (f.stall.ms === undefined)
                record.outcome = 'unanswered';
            else
                timers.later(write, f.stall.ms);
            return;
        }
        write();
    }
    async function handle(req, res) {
        const url = new URL(req.url ?? '/', base);
        const r = route(req, url);
        const cr = req.headers['content-range'];
        const record = {
            seq: requests.length + 1,
            kind: r.kind,
            method: req.method ?? 'GET',
            path: url.pathname,
            status: 0,
            outcome: 'pending',
            bytesReceived: 0,
            authorization: req.headers.authorization !== undefined,
            auth: authKindOf(req.headers.authorization),
            startedAt: clock(),
            ...(cr !== undefined ? { contentRange: cr } : {})
        };
        requests.push(record);
        res.once('close', () => {
            if (record.outcome === 'pending')
                record.outcome = res.writableFinished ? 'answered' : 'aborted';
            if (record.outcome === 'answered')
                record.status = res.statusCode;
            record.endedAt = clock();
            opts.log?.(`${record.method} ${record.path} ${record.status || record.outcome}`);
        });
        const fault = faults.match(r.kind, r.final);
        if (fault)
            record.fault = faultName(fault);
        const ctx = {
            req,
            res,
            url,
            kind: r.kind,
            final: r.final,
            fault,
            record,
            base,
            timers,
            onBytes: n => (bytesReceived += n)
        };
        if (fault && 'refuse' in fault) {
            refuse(fault.refuse.ms);
            return markReset(ctx);
        }
        let reply;
        const statusFault = fault && 'status' in fault ? fault : undefined;
        // Every Redivis API and X media answer carries the windows' headers, an injected one too.
        const extra = () => REDIVIS_KINDS.includes(r.kind)
            ? redivisRateHeaders(redivisDeps)
            : MEDIA_KINDS.includes(r.kind)
                ? mediaRateHeaders(mediaDeps, r.kind)
                : {};
        // The media endpoints see their status faults themselves (they record appends and polls, and change nothing).
        if (statusFault && !statusFault.commit && r.kind !== 'chunk' && !MEDIA_KINDS.includes(r.kind)) {
            // The error comes before any work; the body is still read so the client sees the answer.
            reply = (await consumeBody(ctx)) ? statusFaultReply(r.kind, statusFault, extra()) : undefined;
        }
        else {
            reply = await r.run(ctx);
            if (reply && statusFault)
                reply = statusFaultReply(r.kind, statusFault, extra());
        }
        if (fault && 'jobOutcome' in fault && ctx.jobId) {
            const job = jobs.get(ctx.jobId);
            if (job)
                job.outcome = { status: fault.jobOutcome, error: fault.error };
        }
        if (ctx.jobId)
            record.jobId = ctx.jobId;
        if (reply)
            send(ctx, reply);
    }
    const listener = (req, res) => {
        handle(req, res).catch((err) => {
            if (!res.headersSent && !res.destroyed) {
                res.writeHead(500, { 'content-type': 'text/plain' });
                res.end(`sandbox error: ${err instanceof Error ? err.message : String(err)}`);
            }
            else
                res.destroy();
        });
    };
    const server = opts.tls
        ? (0,external_node_https_.createServer)({ cert: opts.tls.cert, key: opts.tls.key }, listener)
        : (0,external_node_http_.createServer)(listener);
    // Large uploads on slow runners must not hit Node's default request timeout.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.on('connection', (s) => {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    // F21: a port nobody listens on refuses connections (ECONNREFUSED), which a reset alone cannot show.
    // Idle keep-alive connections are closed too, so the client's next request needs a new connection.
    let closing = false;
    function refuse(ms) {
        if (!server.listening)
            return;
        server.close();
        server.closeIdleConnections();
        const relisten = () => {
            if (closing || server.listening)
                return;
            server.once('error', () => timers.later(relisten, 20)); // the port may be briefly taken: try again
            server.listen(port, '127.0.0.1', () => server.removeAllListeners('error'));
        };
        timers.later(relisten, ms);
    }
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
        });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    base = `${opts.tls ? 'https' : 'http'}://${opts.publicHost ?? '127.0.0.1'}:${opts.publicPort ?? port}`;
    return {
        apiBaseUrl: base,
        port,
        setFaults(plan) {
            faults.set(plan);
        },
        job(id) {
            const j = jobs.get(id);
            return j && jobs.snapshot(j, base);
        },
        jobs() {
            return jobs.all().map(j => jobs.snapshot(j, base));
        },
        stats() {
            return { requests: requests.map(r => ({ ...r })), bytesReceived, faultsInjected: faults.injected };
        },
        redivis() {
            return redivisView(redivisStore, base);
        },
        redivisObject(tempUploadId) {
            return redivisStore.tempUpload(tempUploadId)?.object;
        },
        media() {
            return mediaDeps.store.all().map(m => mediaDeps.store.view(m));
        },
        mediaObject(id) {
            return mediaDeps.store.object(id);
        },
        posts() {
            return mediaDeps.store.posts();
        },
        close() {
            closing = true;
            timers.clear();
            return new Promise(resolve => {
                // While refusing (F21) the server is not listening and close() would wait for nothing.
                const listening = server.listening;
                if (listening)
                    server.close(() => resolve());
                for (const s of sockets)
                    s.destroy();
                server.closeAllConnections();
                if (!listening)
                    resolve();
            });
        }
    };
}

;// CONCATENATED MODULE: ./src/sandbox/index.ts
// Public entry of the sandbox: a local X batch compliance API, X media upload, Redivis REST API and GCS XML
// resumable upload emulator.









/***/ })

};
