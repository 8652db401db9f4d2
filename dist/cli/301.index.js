export const id = 301;
export const ids = [301];
export const modules = {

/***/ 2301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  expectedResults: () => (/* reexport */ expectedResults),
  startSandbox: () => (/* reexport */ startSandbox)
});

// UNUSED EXPORTS: BLOCK, FaultBook, REASONS, fPresetList, fPresets, faultName, faultPresets, resultLine, resultsForObject

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

;// CONCATENATED MODULE: ./src/sandbox/jobs.ts
// Compliance jobs: creation, signed URLs, and a status derived from the clock (no timers to leak).




const DOWNLOAD_WINDOW_MS = 7 * 86_400_000;
const BUCKETS = {
    tweets: 'twttr-tweet-compliance',
    users: 'twttr-user-compliance'
};
const UPLOAD_SIGNED_HEADERS = [...Object.keys(model/* UPLOAD_START_HEADERS */._H), 'host'].sort().join(';');
const SIMPLE_SIGNED_HEADERS = 'content-type;host';
function jobs_iso(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}
/** 20210811T194255Z */
function googDate(ms) {
    return jobs_iso(ms)
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
    finalizeUpload(job, session, crc32c) {
        if (job.finalizedAt !== undefined)
            return;
        job.finalizedAt = this.clock();
        job.object = session.object;
        job.objectSize = session.persisted;
        job.objectCrc32c = crc32c;
        job.results = session.results;
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
            created_at: jobs_iso(job.createdAt),
            upload_url: this.uploadUrl(job, base),
            upload_expires_at: jobs_iso(job.uploadExpiresAt),
            download_url: this.downloadUrl(job, base),
            download_expires_at: jobs_iso(job.downloadExpiresAt)
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

;// CONCATENATED MODULE: ./src/sandbox/gcs-wire.ts


/** How a new upload session of this job keeps its bytes and finds its results. */
function sessionOptions(deps, job) {
    return { discard: deps.discardObjects, type: job.type, flaggedPercent: deps.flaggedPercent };
}
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
    return m ? { bucket: m[1], jobId: m[2], leaf: m[3] } : undefined;
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
function objectReply(session, job) {
    const crc32c = session.crc32c ?? '';
    const size = String(session.persisted);
    const generation = String(job.finalizedAt ?? session.createdAt) + '000';
    const created = new Date(job.finalizedAt ?? session.createdAt).toISOString();
    const meta = {
        kind: 'storage#object',
        id: `${BUCKETS[job.type]}/${job.id}/submission/${generation}`,
        name: `${job.id}/submission`,
        bucket: BUCKETS[job.type],
        generation,
        metageneration: '1',
        contentType: 'text/plain',
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
/** Finalizes after checking a claimed hash; a mismatch finalizes nothing. */
function finalize(ctx, deps, session, job) {
    const claimed = claimedCrc32c(ctx.req);
    const actual = session.currentCrc32c();
    if (claimed !== undefined && claimed !== actual)
        return 'mismatch';
    session.finalize();
    deps.jobs.finalizeUpload(job, session, actual);
    return objectReply(session, job);
}
function hashMismatch(ctx, session) {
    return xmlError(400, 'BadRequest', `Provided CRC32C "${claimedCrc32c(ctx.req)}" doesn't match calculated CRC32C "${session.currentCrc32c()}".`);
}

// EXTERNAL MODULE: ./node_modules/hash-wasm/dist/index.umd.js
var index_umd = __webpack_require__(608);
// EXTERNAL MODULE: ./src/upload/gcs-protocol.ts
var gcs_protocol = __webpack_require__(443);
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

;// CONCATENATED MODULE: ./src/sandbox/session.ts
// One resumable upload session: the persisted bytes, their running CRC32C, the flagged IDs found in them
// so far, and rollback points.



/** GCS keeps whole blocks of this size of a broken request. */
const BLOCK = gcs_protocol/* GCS_BLOCK */.Au;
const CASTAGNOLI = 0x82f63b78;
const WEEK_MS = 7 * 86_400_000;
class UploadSession {
    uploadId;
    jobId;
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
    /** The flagged IDs of the finalized object. */
    results;
    /** The request currently allowed to write (a newer one supersedes a stalled one). */
    writer;
    chunks = [];
    constructor(uploadId, jobId, createdAt, hasher, discard, scanner) {
        this.uploadId = uploadId;
        this.jobId = jobId;
        this.createdAt = createdAt;
        this.hasher = hasher;
        this.discard = discard;
        this.scanner = scanner;
    }
    static async create(uploadId, jobId, now, o) {
        const hasher = await (0,index_umd.createCRC32)(CASTAGNOLI);
        hasher.init();
        const scanner = new IdScanner(o.type, o.flaggedPercent);
        return new UploadSession(uploadId, jobId, now, hasher, o.discard, scanner);
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
        this.scanner.push(buf);
        if (!this.discard)
            this.chunks.push(buf);
        this.persisted += buf.length;
    }
    checkpoint() {
        return {
            persisted: this.persisted,
            chunks: this.chunks.length,
            hash: this.hasher.save(),
            scan: this.scanner.mark()
        };
    }
    rollback(cp) {
        this.persisted = cp.persisted;
        this.chunks.length = Math.min(this.chunks.length, cp.chunks);
        this.hasher.load(cp.hash);
        this.scanner.rollback(cp.scan);
    }
    /** Fault: everything persisted is lost. */
    reset() {
        this.persisted = 0;
        this.chunks = [];
        this.hasher.init();
        this.scanner.reset();
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
        this.results = this.scanner.end();
        this.chunks = [];
        this.finalized = true;
        this.total = this.persisted;
    }
}

;// CONCATENATED MODULE: ./src/sandbox/gcs.ts
// GCS signed-URL endpoints: the resumable start POST, a non-resumable simple PUT, the results download.








/** The job behind a signed URL, if the URL carries exactly the X-Goog-* parameters X issued. */
function signedJob(ctx, deps, path, which) {
    const job = deps.jobs.get(path.jobId);
    if (!job || BUCKETS[job.type] !== path.bucket)
        return undefined;
    const issued = new URLSearchParams(which === 'upload' ? job.uploadQuery : job.downloadQuery);
    for (const [k, v] of issued)
        if (ctx.url.searchParams.get(k) !== v)
            return undefined;
    return job;
}
async function handleStart(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const job = signedJob(ctx, deps, path, 'upload');
    if (!job)
        return signatureMismatch();
    ctx.jobId = job.id;
    if (deps.clock() > job.uploadExpiresAt)
        return expired(job.uploadExpiresAt);
    const h = ctx.req.headers;
    // These headers are signed: any other value (text/plain;charset=UTF-8, a missing header) breaks the signature.
    const exact = job.resumable &&
        contentLength(ctx.req) === 0 &&
        Object.entries(model/* UPLOAD_START_HEADERS */._H).every(([name, value]) => h[name] === value);
    if (!exact)
        return signatureMismatch();
    const uploadId = `ADPycd${(0,external_node_crypto_.randomBytes)(48).toString('base64url')}`;
    deps.sessions.set(uploadId, await UploadSession.create(uploadId, job.id, deps.clock(), sessionOptions(deps, job)));
    job.sessionsStarted++;
    job.sessionIds.push(uploadId);
    return {
        status: 201,
        headers: { location: `${deps.jobs.uploadUrl(job, ctx.base)}&upload_id=${uploadId}` }
    };
}
/** PUT to a non-resumable job's upload_url: the whole object in one request. */
async function handleSimplePut(ctx, deps, path) {
    const job = signedJob(ctx, deps, path, 'upload');
    const session = job
        ? await UploadSession.create('', job.id, deps.clock(), sessionOptions(deps, job))
        : undefined;
    if (!(await consumeBody(ctx, buf => session?.commit(buf))))
        return undefined;
    if (!job || !session || job.resumable || ctx.req.headers['content-type'] !== 'text/plain')
        return signatureMismatch();
    ctx.jobId = job.id;
    if (deps.clock() > job.uploadExpiresAt)
        return expired(job.uploadExpiresAt);
    const done = finalize(ctx, deps, session, job);
    if (done === 'mismatch')
        return hashMismatch(ctx, session);
    return { ...done, body: '' };
}
async function handleDownload(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const job = signedJob(ctx, deps, path, 'download');
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
/** The session a session URI names, or the answer for a missing/gone one. */
function lookupSession(ctx, deps, path) {
    const id = ctx.url.searchParams.get('upload_id') ?? '';
    const session = deps.sessions.get(id);
    if (!session || session.jobId !== path.jobId || session.expired(deps.clock()))
        return goneReply(404);
    ctx.jobId = session.jobId;
    if (session.gone)
        return goneReply(session.gone === 499 ? 404 : session.gone);
    return session;
}
async function handleSessionDelete(ctx, deps, path) {
    if (!(await consumeBody(ctx)))
        return undefined;
    const session = lookupSession(ctx, deps, path);
    if (!(session instanceof UploadSession))
        return session;
    session.gone = 499;
    return goneReply(499);
}
async function handleSessionPut(ctx, deps, path) {
    const session = lookupSession(ctx, deps, path);
    if (!(session instanceof UploadSession))
        return (await consumeBody(ctx)) ? session : undefined;
    const job = deps.jobs.get(session.jobId);
    const f = ctx.fault;
    if (f && 'sessionGone' in f) {
        if (!(await consumeBody(ctx)))
            return undefined;
        session.gone = f.sessionGone;
        return goneReply(f.sessionGone);
    }
    const cr = parseContentRange(ctx.req);
    if (cr.form === 'data' && !session.finalized)
        return chunk(ctx, deps, session, job, cr);
    let bodyBytes = 0;
    if (!(await consumeBody(ctx, b => (bodyBytes += b.length))))
        return undefined;
    if (session.finalized)
        return objectReply(session, job);
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
        if (session.persisted === cr.total && !(f && 'dropAll' in f)) {
            const done = finalize(ctx, deps, session, job);
            return done === 'mismatch' ? hashMismatch(ctx, session) : done;
        }
    }
    return incompleteAs(session, f);
}
/** A data PUT: validate like GCS, persist whole 256 KiB blocks as they arrive, settle at the end. */
async function chunk(ctx, deps, session, job, cr) {
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
    const done = finalize(ctx, deps, session, job);
    if (done !== 'mismatch')
        return done;
    const reply = hashMismatch(ctx, session); // quotes the CRC32C of what arrived, so before the rollback
    session.rollback(cp);
    return reply;
}

;// CONCATENATED MODULE: ./src/sandbox/rate-limit.ts
// X's per-App, per-endpoint fixed windows, reported in x-rate-limit-* headers (reset in epoch seconds).
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
            reset: Math.ceil(w.endsAt / 1000)
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

;// CONCATENATED MODULE: ./src/sandbox/server.ts
// The sandbox's HTTP server: routing, fault dispatch, response-side faults, stats and shutdown.












const MINUTE = 60_000;
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
/** The answer a `status` fault sends: X's problem shape on the X API, GCS's XML error elsewhere. */
function statusFaultReply(kind, f) {
    const [code, title] = STATUS_TEXT[f.status] ?? ['Error', 'Error'];
    const base = X_KINDS.includes(kind)
        ? jsonReply(f.status, { title, type: 'about:blank', status: f.status, detail: title }, 'application/problem+json')
        : xmlError(f.status, code, `${title} (injected by the sandbox fault plan).`);
    return {
        status: f.status,
        headers: { ...base.headers, ...f.headers },
        body: f.body ?? base.body
    };
}
async function startSandbox(opts = {}) {
    const clock = opts.clock ?? Date.now;
    const jobs = new JobStore(clock, opts.processingMs ?? 1000, opts.uploadWindowMs ?? 15 * MINUTE);
    const limiter = new RateLimiter(opts.rateLimit?.limit ?? 150, opts.rateLimit?.windowMs ?? 15 * MINUTE, clock);
    const faults = new FaultBook(opts.faults);
    const sessions = new Map();
    const timers = new Timers();
    const sockets = new Set();
    const requests = [];
    const xDeps = { jobs, limiter, token: opts.token, clock };
    const gcsDeps = {
        jobs,
        sessions,
        clock,
        discardObjects: opts.discardObjects ?? false,
        flaggedPercent: flaggedPercent(opts.flaggedPercent)
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
        if (path.startsWith('/2/'))
            return x('other');
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
        if (statusFault && !statusFault.commit && r.kind !== 'chunk') {
            // The error comes before any work; the body is still read so the client sees the answer.
            reply = (await consumeBody(ctx)) ? statusFaultReply(r.kind, statusFault) : undefined;
        }
        else {
            reply = await r.run(ctx);
            if (reply && statusFault)
                reply = statusFaultReply(r.kind, statusFault);
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
    base = `${opts.tls ? 'https' : 'http'}://${opts.publicHost ?? '127.0.0.1'}:${port}`;
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
// Public entry of the sandbox: a local X batch compliance API + GCS XML resumable upload emulator.






/***/ })

};
