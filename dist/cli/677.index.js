export const id = 677;
export const ids = [677,293];
export const modules = {

/***/ 6470:
/***/ ((module) => {

if (true) {
    module.exports = OAuth;
}

/**
 * Constructor
 * @param {Object} opts consumer key and secret
 */
function OAuth(opts) {
    if(!(this instanceof OAuth)) {
        return new OAuth(opts);
    }

    if(!opts) {
        opts = {};
    }

    if(!opts.consumer) {
        throw new Error('consumer option is required');
    }

    this.consumer            = opts.consumer;
    this.nonce_length        = opts.nonce_length || 32;
    this.version             = opts.version || '1.0';
    this.parameter_seperator = opts.parameter_seperator || ', ';
    this.realm               = opts.realm;

    if(typeof opts.last_ampersand === 'undefined') {
        this.last_ampersand = true;
    } else {
        this.last_ampersand = opts.last_ampersand;
    }

    // default signature_method is 'PLAINTEXT'
    this.signature_method = opts.signature_method || 'PLAINTEXT';

    if(this.signature_method == 'PLAINTEXT' && !opts.hash_function) {
        opts.hash_function = function(base_string, key) {
            return key;
        }
    }

    if(!opts.hash_function) {
        throw new Error('hash_function option is required');
    }

    this.hash_function = opts.hash_function;
    this.body_hash_function = opts.body_hash_function || this.hash_function;
}

/**
 * OAuth request authorize
 * @param  {Object} request data
 * {
 *     method,
 *     url,
 *     data
 * }
 * @param  {Object} key and secret token
 * @return {Object} OAuth Authorized data
 */
OAuth.prototype.authorize = function(request, token) {
    var oauth_data = {
        oauth_consumer_key: this.consumer.key,
        oauth_nonce: this.getNonce(),
        oauth_signature_method: this.signature_method,
        oauth_timestamp: this.getTimeStamp(),
        oauth_version: this.version
    };

    if(!token) {
        token = {};
    }

    if(token.key !== undefined) {
        oauth_data.oauth_token = token.key;
    }

    if(!request.data) {
        request.data = {};
    }

    if(request.includeBodyHash) {
      oauth_data.oauth_body_hash = this.getBodyHash(request, token.secret)
    }

    oauth_data.oauth_signature = this.getSignature(request, token.secret, oauth_data);

    return oauth_data;
};

/**
 * Create a OAuth Signature
 * @param  {Object} request data
 * @param  {Object} token_secret key and secret token
 * @param  {Object} oauth_data   OAuth data
 * @return {String} Signature
 */
OAuth.prototype.getSignature = function(request, token_secret, oauth_data) {
    return this.hash_function(this.getBaseString(request, oauth_data), this.getSigningKey(token_secret));
};

/**
 * Create a OAuth Body Hash
 * @param {Object} request data
 */
OAuth.prototype.getBodyHash = function(request, token_secret) {
  var body = typeof request.data === 'string' ? request.data : JSON.stringify(request.data)

  if (!this.body_hash_function) {
    throw new Error('body_hash_function option is required');
  }

  return this.body_hash_function(body, this.getSigningKey(token_secret))
};

/**
 * Base String = Method + Base Url + ParameterString
 * @param  {Object} request data
 * @param  {Object} OAuth data
 * @return {String} Base String
 */
OAuth.prototype.getBaseString = function(request, oauth_data) {
    return request.method.toUpperCase() + '&' + this.percentEncode(this.getBaseUrl(request.url)) + '&' + this.percentEncode(this.getParameterString(request, oauth_data));
};

/**
 * Get data from url
 * -> merge with oauth data
 * -> percent encode key & value
 * -> sort
 *
 * @param  {Object} request data
 * @param  {Object} OAuth data
 * @return {Object} Parameter string data
 */
OAuth.prototype.getParameterString = function(request, oauth_data) {
    var base_string_data;
    if (oauth_data.oauth_body_hash) {
        base_string_data = this.sortObject(this.percentEncodeData(this.mergeObject(oauth_data, this.deParamUrl(request.url))));
    } else {
        base_string_data = this.sortObject(this.percentEncodeData(this.mergeObject(oauth_data, this.mergeObject(request.data, this.deParamUrl(request.url)))));
    }

    var data_str = '';

    //base_string_data to string
    for(var i = 0; i < base_string_data.length; i++) {
        var key = base_string_data[i].key;
        var value = base_string_data[i].value;
        // check if the value is an array
        // this means that this key has multiple values
        if (value && Array.isArray(value)){
          // sort the array first
          value.sort();

          var valString = "";
          // serialize all values for this key: e.g. formkey=formvalue1&formkey=formvalue2
          value.forEach((function(item, i){
            valString += key + '=' + item;
            if (i < value.length){
              valString += "&";
            }
          }).bind(this));
          data_str += valString;
        } else {
          data_str += key + '=' + value + '&';
        }
    }

    //remove the last character
    data_str = data_str.substr(0, data_str.length - 1);
    return data_str;
};

/**
 * Create a Signing Key
 * @param  {String} token_secret Secret Token
 * @return {String} Signing Key
 */
OAuth.prototype.getSigningKey = function(token_secret) {
    token_secret = token_secret || '';

    if(!this.last_ampersand && !token_secret) {
        return this.percentEncode(this.consumer.secret);
    }

    return this.percentEncode(this.consumer.secret) + '&' + this.percentEncode(token_secret);
};

/**
 * Get base url
 * @param  {String} url
 * @return {String}
 */
OAuth.prototype.getBaseUrl = function(url) {
    return url.split('?')[0];
};

/**
 * Get data from String
 * @param  {String} string
 * @return {Object}
 */
OAuth.prototype.deParam = function(string) {
    var arr = string.split('&');
    var data = {};

    for(var i = 0; i < arr.length; i++) {
        var item = arr[i].split('=');

        // '' value
        item[1] = item[1] || '';

        // check if the key already exists
        // this can occur if the QS part of the url contains duplicate keys like this: ?formkey=formvalue1&formkey=formvalue2
        if (data[item[0]]){
          // the key exists already
          if (!Array.isArray(data[item[0]])) {
            // replace the value with an array containing the already present value
            data[item[0]] = [data[item[0]]];
          }
          // and add the new found value to it
          data[item[0]].push(decodeURIComponent(item[1]));
        } else {
          // it doesn't exist, just put the found value in the data object
          data[item[0]] = decodeURIComponent(item[1]);
        }
    }

    return data;
};

/**
 * Get data from url
 * @param  {String} url
 * @return {Object}
 */
OAuth.prototype.deParamUrl = function(url) {
    var tmp = url.split('?');

    if (tmp.length === 1)
        return {};

    return this.deParam(tmp[1]);
};

/**
 * Percent Encode
 * @param  {String} str
 * @return {String} percent encoded string
 */
OAuth.prototype.percentEncode = function(str) {
    return encodeURIComponent(str)
        .replace(/\!/g, "%21")
        .replace(/\*/g, "%2A")
        .replace(/\'/g, "%27")
        .replace(/\(/g, "%28")
        .replace(/\)/g, "%29");
};

/**
 * Percent Encode Object
 * @param  {Object} data
 * @return {Object} percent encoded data
 */
OAuth.prototype.percentEncodeData = function(data) {
    var result = {};

    for(var key in data) {
        var value = data[key];
        // check if the value is an array
        if (value && Array.isArray(value)){
          var newValue = [];
          // percentEncode every value
          value.forEach((function(val){
            newValue.push(this.percentEncode(val));
          }).bind(this));
          value = newValue;
        } else {
          value = this.percentEncode(value);
        }
        result[this.percentEncode(key)] = value;
    }

    return result;
};

/**
 * Get OAuth data as Header
 * @param  {Object} oauth_data
 * @return {String} Header data key - value
 */
OAuth.prototype.toHeader = function(oauth_data) {
    var sorted = this.sortObject(oauth_data);

    var header_value = 'OAuth ';

    if (this.realm) {
        header_value += 'realm="' + this.realm + '"' + this.parameter_seperator;
    }

    for(var i = 0; i < sorted.length; i++) {
        if (sorted[i].key.indexOf('oauth_') !== 0)
            continue;

        header_value += this.percentEncode(sorted[i].key) + '="' + this.percentEncode(sorted[i].value) + '"' + this.parameter_seperator;
    }

    return {
        Authorization: header_value.substr(0, header_value.length - this.parameter_seperator.length) //cut the last chars
    };
};

/**
 * Create a random word characters string with input length
 * @return {String} a random word characters string
 */
OAuth.prototype.getNonce = function() {
    var word_characters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    var result = '';

    for(var i = 0; i < this.nonce_length; i++) {
        result += word_characters[parseInt(Math.random() * word_characters.length, 10)];
    }

    return result;
};

/**
 * Get Current Unix TimeStamp
 * @return {Int} current unix timestamp
 */
OAuth.prototype.getTimeStamp = function() {
    return parseInt(new Date().getTime()/1000, 10);
};

////////////////////// HELPER FUNCTIONS //////////////////////

/**
 * Merge object
 * @param  {Object} obj1
 * @param  {Object} obj2
 * @return {Object}
 */
OAuth.prototype.mergeObject = function(obj1, obj2) {
    obj1 = obj1 || {};
    obj2 = obj2 || {};

    var merged_obj = obj1;
    for(var key in obj2) {
        merged_obj[key] = obj2[key];
    }
    return merged_obj;
};

/**
 * Sort object by key
 * @param  {Object} data
 * @return {Array} sorted array
 */
OAuth.prototype.sortObject = function(data) {
    var keys = Object.keys(data);
    var result = [];

    keys.sort();

    for(var i = 0; i < keys.length; i++) {
        var key = keys[i];
        result.push({
            key: key,
            value: data[key],
        });
    }

    return result;
};


/***/ }),

/***/ 677:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MEDIA_ENV: () => (/* binding */ MEDIA_ENV),
  mediaUploadCommand: () => (/* binding */ mediaUploadCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/action/inputs.ts
var inputs = __webpack_require__(1729);
// EXTERNAL MODULE: ./src/net/clock.ts
var clock = __webpack_require__(2881);
// EXTERNAL MODULE: ./src/net/transport.ts + 3 modules
var transport = __webpack_require__(9955);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/upload/multipart.ts
// A multipart/form-data body whose file part streams from the disk: the text fields and part headers are small
// buffers, the file bytes a BodySource read while the socket takes them (memory does not grow with the part).

function multipartBody(fields, file) {
    const boundary = `----x-compliance-${(0,external_node_crypto_.randomBytes)(12).toString('hex')}`;
    let head = '';
    for (const [k, v] of Object.entries(fields))
        head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    return {
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: concatSources([Buffer.from(head), file.source, Buffer.from(tail)])
    };
}
/** Buffers and sources one after another, as one source. */
function concatSources(parts) {
    const sizes = parts.map(p => p.length);
    const length = sizes.reduce((a, b) => a + b, 0);
    return {
        length,
        async read(pos, into) {
            let filled = 0;
            let start = 0;
            for (let i = 0; i < parts.length && filled < into.length; i++) {
                const end = start + sizes[i];
                if (pos + filled < end) {
                    const from = pos + filled - start;
                    const want = Math.min(into.length - filled, sizes[i] - from);
                    const p = parts[i];
                    if (Buffer.isBuffer(p))
                        p.copy(into, filled, from, from + want);
                    else {
                        const slice = into.subarray(filled, filled + want);
                        let got = 0;
                        while (got < want)
                            got += await p.read(from + got, slice.subarray(got));
                    }
                    filled += want;
                }
                start = end;
            }
            return filled;
        }
    };
}

// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
// EXTERNAL MODULE: ./src/upload/file-source.ts
var file_source = __webpack_require__(853);
;// CONCATENATED MODULE: ./src/upload/x-media-segments.ts
// X media segments: the file cut into `segmentSize` pieces (segment_index 0..n-1), at most `concurrency` in
// flight, each body read from the file when it is sent (memory stays near concurrency x one read pool, whatever
// the segment size), each retried on its own with the shared retry policy. A resent segment carries the same
// index, which X takes as a replacement (harmless). Progress: bytes sent, and bytes acknowledged (segments answered).
// The first segment to fail for good aborts the others (requests, backoffs, rate-limit waits); its error is reported.



function planSegments(size, segmentSize) {
    const out = [];
    for (let offset = 0, index = 0; offset < size; offset += segmentSize, index++)
        out.push({ index, offset, length: Math.min(segmentSize, size - offset) });
    return out;
}
async function uploadSegments(o) {
    const started = o.clock.now();
    const plan = planSegments(o.size, o.segmentSize);
    const file = await file_source/* FileSource */._.open(o.path, o.size);
    let next = 0;
    let acknowledged = 0;
    let done = 0;
    let recovered = 0;
    let failed;
    // The first failure stops the others at once: in-flight requests, retry backoffs and rate-limit waits all end
    // on this signal, so the step fails when the first segment fails for good, with that segment's error.
    const stop = new AbortController();
    const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
    try {
        const worker = async () => {
            while (next < plan.length && failed === undefined) {
                if (signal.aborted) {
                    failed ??= (0,transport/* abortedError */.ip)(signal);
                    return;
                }
                const seg = plan[next++];
                const state = new retry/* RetryState */.OX(o.retry, o.clock);
                try {
                    await o.send(seg, () => file.body(seg.offset, seg.length), state, signal);
                }
                catch (err) {
                    if (failed === undefined) {
                        failed = err;
                        stop.abort(err);
                    }
                    return;
                }
                finally {
                    recovered += state.totalRecovered;
                }
                acknowledged += seg.length;
                done++;
                o.onProgress?.({ acknowledged, total: o.size, segments: plan.length, done });
            }
        };
        // Every worker ends (quickly, once aborted) before the file is closed or the failure is reported.
        await Promise.all(Array.from({ length: Math.min(o.concurrency, plan.length) }, worker));
        if (failed !== undefined)
            throw failed;
        await file.checkUnchanged();
    }
    finally {
        await file.close();
    }
    return {
        segments: plan.length,
        bytes: acknowledged,
        faultsRecovered: recovered,
        elapsedMs: o.clock.now() - started
    };
}

// EXTERNAL MODULE: ./src/net/json-api.ts
var json_api = __webpack_require__(9548);
// EXTERNAL MODULE: ./src/compliance/problem.ts
var compliance_problem = __webpack_require__(9332);
;// CONCATENATED MODULE: ./src/media/client.ts




/** A reset further away than this fails at once rather than waiting (a spent 24-hour limit, say). */
const MAX_RATE_WAIT_MS = 15 * 60_000;
const RESET_MARGIN_MS = 500;
class MediaApiError extends Error {
    status;
    constructor(message, status, options) {
        super(message, options);
        this.status = status;
        this.name = 'MediaApiError';
    }
}
class MediaClient {
    o;
    clock;
    notBefore = new Map();
    constructor(o) {
        this.o = o;
        this.clock = o.clock ?? clock/* systemClock */.m;
    }
    async initialize(mediaType, totalBytes, category) {
        const body = { media_type: mediaType, total_bytes: totalBytes, media_category: category };
        return mediaOf(await this.call('upload', 'POST', '/2/media/upload/initialize', 'initializing the upload', json(body)), 'initialize');
    }
    /**
     * One segment, retried on its own; `body` is made for every attempt (a streamed body is read again). `signal`,
     * when given, replaces the client's for this call (the segment upload's, which includes the client's).
     * Returns X's `expires_at` (ms epoch) when the answer gives one.
     */
    async append(id, index, body, state, signal) {
        const res = await this.call('upload', 'POST', `/2/media/upload/${id}/append`, `appending segment ${index}`, body, state, signal);
        const at = res.data?.expires_at;
        return typeof at === 'number' ? at * 1000 : undefined;
    }
    async finalize(id) {
        return mediaOf(await this.call('upload', 'POST', `/2/media/upload/${id}/finalize`, 'finalizing the upload'), 'finalize');
    }
    async status(id) {
        return mediaOf(await this.call('status', 'GET', `/2/media/upload?command=STATUS&media_id=${id}`, 'checking the processing status'), 'STATUS');
    }
    async setAltText(id, text) {
        await this.call('metadata', 'POST', '/2/media/metadata', 'setting the alt text', json({ id, metadata: { alt_text: { text } } }));
    }
    /**
     * Creates the post. Not retried after an ambiguous failure (a reset, a timeout, a 5xx): X may have made the post
     * already, and a second try could post twice; only a 429 (refused before any work) is waited out.
     */
    async post(text, mediaId) {
        const what = 'creating the post';
        const state = new retry/* RetryState */.OX(this.o.retry, this.clock);
        for (;;) {
            await this.waitForRateLimit('tweets', what);
            let res;
            try {
                res = await this.o.transport(this.request('POST', '/2/tweets', json({ text, media: { media_ids: [mediaId] } }))());
            }
            catch (err) {
                throw this.failure(`${what} (the post may or may not exist: check the account before running again)`, err);
            }
            this.noteRateLimit('tweets', res);
            if (res.status === 429) {
                const floor = this.floor('tweets', res);
                await res.dispose();
                const delay = this.retryDelay(state, what, new retry/* HttpStatusError */.F9(429), floor);
                await this.clock.sleep(delay, this.o.signal);
                continue;
            }
            if (res.status < 200 || res.status >= 300)
                throw await this.httpError(what, res);
            const body = (await readJson(res, what));
            if (typeof body.data?.id !== 'string')
                throw new MediaApiError(`X API: ${what} returned no post id.`);
            return { id: body.data.id };
        }
    }
    // ------------------------------------------------------------------------------------------------ plumbing
    async call(family, method, path, what, body, state = new retry/* RetryState */.OX(this.o.retry, this.clock), signal = this.o.signal) {
        let res;
        try {
            res = await (0,retry/* requestWithRetry */.En)(this.o.transport, () => this.request(method, path, body, signal)(), {
                state,
                clock: this.clock,
                signal,
                // A limit found spent (by this request or another of the family) holds for retries too.
                beforeAttempt: () => this.waitForRateLimit(family, what, signal),
                delayFloorMs: r => {
                    this.noteRateLimit(family, r);
                    return this.floor(family, r);
                },
                onRetry: e => this.o.onRetry?.(what, e)
            });
        }
        catch (err) {
            throw this.failure(what, err);
        }
        this.noteRateLimit(family, res);
        if (res.status < 200 || res.status >= 300)
            throw await this.httpError(what, res);
        return readJson(res, what);
    }
    request(method, path, body, signal = this.o.signal) {
        return () => {
            const url = `${this.o.baseUrl}${path}`;
            const b = body?.();
            const headers = {
                authorization: this.o.sign(method, url),
                accept: 'application/json',
                'user-agent': 'x-compliance-media-upload'
            };
            if (b)
                headers['content-type'] = b.contentType;
            return {
                method,
                url,
                headers,
                body: b?.body,
                signal,
                stallTimeoutMs: this.o.stallTimeoutMs
            };
        };
    }
    /** Remembers a spent window: remaining 0 (of the 15-minute or a 24-hour limit) or a 429 until its reset. */
    noteRateLimit(family, res) {
        const spent = spentLimit(res);
        if (spent)
            this.notBefore.set(family, { at: spent.resetAt + RESET_MARGIN_MS, limit: spent.limit });
    }
    /**
     * The wait before retrying a 429 (or a retryable answer with Retry-After); a reset or a Retry-After too far away
     * fails at once.
     */
    floor(family, res) {
        const now = this.clock.now();
        const retryAfter = (0,retry/* retryAfterMs */.Vs)(res.headers, now);
        const spent = res.status === 429 ? spentLimit(res) : undefined;
        const resetIn = spent ? spent.resetAt + RESET_MARGIN_MS - now : undefined;
        if (spent && resetIn !== undefined && resetIn > MAX_RATE_WAIT_MS)
            throw this.tooFar(family, spent);
        if (retryAfter !== undefined && retryAfter > MAX_RATE_WAIT_MS)
            throw this.retryAfterTooFar(family, res.status, now + retryAfter);
        if (res.status !== 429)
            return undefined;
        return Math.max(resetIn ?? 0, retryAfter ?? 0);
    }
    async waitForRateLimit(family, what, signal = this.o.signal) {
        const nb = this.notBefore.get(family);
        if (!nb)
            return;
        const wait = nb.at - this.clock.now();
        if (wait <= 0)
            return;
        if (wait > MAX_RATE_WAIT_MS)
            throw this.tooFar(family, { resetAt: nb.at, limit: nb.limit });
        this.o.onRateLimitWait?.(what, wait, nb.limit);
        await this.clock.sleep(wait, signal);
    }
    tooFar(family, spent) {
        return new MediaApiError(`X API: the ${spent.limit} for ${familyName(family)} is spent until ${new Date(spent.resetAt).toISOString()}, more than 15 minutes away; run again after that time.`, 429);
    }
    retryAfterTooFar(family, status, at) {
        return new MediaApiError(`X API: ${familyName(family)} answered HTTP ${status} with Retry-After until ${new Date(at).toISOString()}, more than 15 minutes away; run again after that time.`, status);
    }
    retryDelay(state, what, cause, floor) {
        try {
            const d = state.failure(cause, floor);
            this.o.onRetry?.(what, { attempt: state.consecutiveFailures, delayMs: d, reason: (0,retry/* describeCause */.V$)(cause) });
            return d;
        }
        catch (err) {
            throw this.failure(what, err);
        }
    }
    failure(what, err) {
        if (err instanceof MediaApiError)
            return err;
        if (err instanceof retry/* RetriesExhaustedError */.i5)
            return new MediaApiError(`X API: ${what} failed after ${err.attempts} attempts: ${err.message}`, undefined, { cause: err });
        const why = (0,json_api/* failureReason */.Hr)(err);
        return why === undefined
            ? err
            : new MediaApiError(`X API: ${what} failed: ${why}`, undefined, {
                cause: (0,retry/* isRetryableError */.$d)(err) ? err : undefined
            });
    }
    async httpError(what, res) {
        const problem = (0,compliance_problem/* summarizeProblem */.T)(await res.text(64 * 1024).catch(() => ''));
        const used = this.o.auth.kind === 'oauth2'
            ? 'the OAuth 2.0 user token (user-token)'
            : 'the OAuth 1.0a user credentials (api-key, api-key-secret, access-token, access-token-secret)';
        const scopes = 'uploading needs the media.write scope (OAuth 2.0) or an App with read and write access (OAuth 1.0a); posting also needs tweet.read, tweet.write and users.read. An app-only bearer token cannot be used.';
        const hint = res.status === 401
            ? ` X did not accept ${used}: check that it is current and belongs to the account that should upload; ${scopes}`
            : res.status === 403
                ? ` X refused ${used} for this: ${scopes}`
                : '';
        const text = /[.!?…]$/.test(problem.text) ? problem.text : `${problem.text}.`;
        return new MediaApiError(`X API: ${what} failed: HTTP ${res.status}: ${text}${hint}`, res.status);
    }
}
function familyName(family) {
    return family === 'tweets' ? 'posts' : `media ${family}`;
}
function json(value) {
    return () => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) });
}
/** The limit a response says is spent (remaining 0, or a 429's reset), the furthest reset first. */
function spentLimit(res) {
    const windows = [
        ['x-user-limit-24hour', '24-hour user limit'],
        ['x-app-limit-24hour', '24-hour App limit'],
        ['x-rate-limit', '15-minute rate limit']
    ];
    let found;
    for (const [prefix, limit] of windows) {
        const remaining = res.headers.get(`${prefix}-remaining`);
        const reset = res.headers.get(`${prefix}-reset`);
        if (remaining?.trim() !== '0' || !reset || !/^[0-9]+$/.test(reset.trim()))
            continue;
        const resetAt = Number(reset.trim()) * 1000;
        if (!found || resetAt > found.resetAt)
            found = { resetAt, limit };
    }
    if (!found && res.status === 429) {
        const reset = res.headers.get('x-rate-limit-reset');
        if (reset && /^[0-9]+$/.test(reset.trim()))
            found = { resetAt: Number(reset.trim()) * 1000, limit: '15-minute rate limit' };
    }
    return found;
}
function readJson(res, what) {
    return (0,json_api/* readJsonBody */.nE)(res, () => new MediaApiError(`X API: ${what} returned a body that is not JSON (HTTP ${res.status}).`, res.status));
}
function mediaOf(body, what) {
    const data = body.data;
    if (!data || typeof data.id !== 'string' || !/^[0-9]{1,20}$/.test(data.id))
        throw new MediaApiError(`X API: ${what} returned no media id.`);
    return data;
}

// EXTERNAL MODULE: ./node_modules/oauth-1.0a/oauth-1.0a.js
var oauth_1_0a = __webpack_require__(6470);
var oauth_1_0a_default = /*#__PURE__*/__webpack_require__.n(oauth_1_0a);
;// CONCATENATED MODULE: ./src/media/oauth.ts
// The Authorization header of every media request: OAuth 2.0 user tokens as Bearer, OAuth 1.0a user context
// signed with HMAC-SHA1 by the maintained `oauth-1.0a` library, with a fresh nonce and timestamp on every request
// (retries included: the header is made for each attempt).


const systemSignerClock = {
    timestamp: () => Math.floor(Date.now() / 1000),
    nonce: () => (0,external_node_crypto_.randomBytes)(24).toString('base64url')
};
function authHeader(auth, clock = systemSignerClock) {
    if (auth.kind === 'oauth2')
        return () => `Bearer ${auth.userToken}`;
    const oauth = new (oauth_1_0a_default())({
        consumer: { key: auth.apiKey, secret: auth.apiKeySecret },
        signature_method: 'HMAC-SHA1',
        hash_function: (base, key) => (0,external_node_crypto_.createHmac)('sha1', key).update(base).digest('base64')
    });
    oauth.getNonce = () => clock.nonce();
    oauth.getTimeStamp = () => clock.timestamp();
    const token = { key: auth.accessToken, secret: auth.accessTokenSecret };
    return (method, url, form) => oauth.toHeader(oauth.authorize({ url, method, data: form }, token)).Authorization;
}
/** The oauth_signature inside an OAuth header (for tests and for masking). */
function signatureOf(header) {
    const m = /oauth_signature="([^"]*)"/.exec(header);
    return m ? decodeURIComponent(m[1]) : undefined;
}

;// CONCATENATED MODULE: ./src/media/report.ts
function postUrl(id) {
    return `https://x.com/i/web/status/${id}`;
}
/** A report of nothing done yet, for these inputs. */
function newMediaReport(inputs, run) {
    return {
        file: inputs.file,
        mediaType: inputs.mediaType,
        category: inputs.category,
        size: inputs.size,
        segmentSize: inputs.chunkSize,
        bytesUploaded: 0,
        faultsRecovered: 0,
        altText: inputs.altText !== '',
        run
    };
}

;// CONCATENATED MODULE: ./src/media/flow.ts
// The media-upload flow: initialize, append the segments (bounded, each retried), finalize, then STATUS only
// when finalize offered processing_info, never before check_after_secs (at least 1 s), until succeeded, failed
// (its error quoted) or processing-timeout-minutes; then the alt text and the post when asked.






class ProcessingFailedError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ProcessingFailedError';
    }
}
class ProcessingTimeoutError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ProcessingTimeoutError';
    }
}
async function runMediaUpload(inputs, d, report) {
    const { log, clock } = d;
    const sign = authHeader(inputs.auth, d.signer);
    // Every Authorization header is a credential: each OAuth signature is masked as soon as it is made.
    const masked = (method, url) => {
        const h = sign(method, url);
        // The rest of the header is the masked key and token, a nonce and a timestamp.
        const s = signatureOf(h);
        if (s)
            log.mask(s);
        return h;
    };
    const client = new MediaClient({
        baseUrl: inputs.apiBaseUrl,
        auth: inputs.auth,
        sign: masked,
        transport: d.transport,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
        clock,
        signal: d.signal,
        onRetry: (what, e) => log.info(`X API: ${what} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`),
        onRateLimitWait: (what, ms, limit) => log.info(`X API: the ${limit} is spent; waiting ${Math.ceil(ms / 1000)} s before ${what}`)
    });
    if (inputs.chunkRaisedFrom)
        log.info(`chunk-size raised from ${inputs.chunkRaisedFrom} to ${inputs.chunkSize} bytes: X takes at most 1000 segments`);
    const init = await client.initialize(inputs.mediaType, inputs.size, inputs.category);
    note(init, report, clock);
    d.onMediaId?.(init.id);
    log.info(`Media ${init.id}: uploading ${external_node_path_.basename(inputs.file)} (${inputs.mediaType}, ${inputs.category}, ${inputs.size} bytes) in segments of ${inputs.chunkSize} bytes, ${inputs.concurrency} at a time`);
    const up = await uploadSegments({
        path: inputs.file,
        size: inputs.size,
        segmentSize: inputs.chunkSize,
        concurrency: inputs.concurrency,
        retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
        clock,
        signal: d.signal,
        send: async (seg, body, state, signal) => {
            const expires = await client.append(init.id, seg.index, () => multipartBody({ segment_index: String(seg.index) }, {
                name: 'media',
                filename: `segment-${seg.index}`,
                contentType: 'application/octet-stream',
                source: body()
            }), state, signal);
            // The latest answer that gave an expiry is the one that counts (it may be earlier than one before it).
            if (expires !== undefined)
                report.expiresAt = expires;
        },
        onProgress: p => {
            report.bytesUploaded = p.acknowledged;
            d.onProgress?.(p.acknowledged, p.total);
        }
    });
    report.segments = up.segments;
    report.bytesUploaded = up.bytes;
    report.uploadMs = up.elapsedMs;
    report.faultsRecovered += up.faultsRecovered;
    log.info(`Media ${init.id}: ${up.segments} segments sent in ${(up.elapsedMs / 1000).toFixed(2)} s${up.faultsRecovered ? ` (${up.faultsRecovered} faults recovered)` : ''}`);
    const fin = await client.finalize(init.id);
    note(fin, report, clock);
    const finalizedAt = clock.now();
    let info = fin.processing_info;
    if (info) {
        log.info(`Media ${init.id}: processing (${info.state})`);
        info = await waitForProcessing(client, init.id, info, finalizedAt, inputs.processingTimeoutMinutes, d, report);
    }
    report.processingState = info?.state ?? 'succeeded';
    report.processingMs = info ? clock.now() - finalizedAt : 0;
    if (inputs.altText) {
        await client.setAltText(init.id, inputs.altText);
        log.info(`Media ${init.id}: alt text set`);
    }
    if (inputs.postText) {
        const post = await client.post(inputs.postText, init.id);
        report.postId = post.id;
        log.info(`Posted ${postUrl(post.id)}`);
    }
}
async function waitForProcessing(client, id, first, finalizedAt, timeoutMinutes, d, report) {
    const deadline = finalizedAt + timeoutMinutes * 60_000;
    let info = first;
    for (;;) {
        report.processingState = info.state;
        if (info.state === 'succeeded')
            return info;
        if (info.state === 'failed') {
            const e = info.error;
            const why = e ? [e.name, e.message].filter(Boolean).join(': ') || `code ${e.code}` : 'no reason given';
            throw new ProcessingFailedError(`X could not process media ${id}: ${why}. Check the file against X's media requirements (format, duration, size) and upload a fixed one.`);
        }
        // Never earlier than X asked, and at least 1 s after its last answer.
        const gap = Math.max(1, info.check_after_secs ?? 1) * 1000;
        if (d.clock.now() + gap > deadline)
            throw new ProcessingTimeoutError(`X was still processing media ${id} (${info.state}${info.progress_percent !== undefined ? `, ${info.progress_percent}%` : ''}) after processing-timeout-minutes (${timeoutMinutes}); it may still finish: raise processing-timeout-minutes, or post it later with its media id.`);
        await d.clock.sleep(gap, d.signal);
        const st = await client.status(id);
        note(st, report, d.clock);
        if (!st.processing_info)
            throw new MediaApiError(`X API: STATUS of media ${id} returned no processing_info.`);
        info = st.processing_info;
        if (info.progress_percent !== undefined)
            d.log.info(`Media ${id}: ${info.state} ${info.progress_percent}%`);
    }
}
/** Keeps the media id, key and expiry from an answer. */
function note(m, report, clock) {
    report.mediaId = m.id;
    if (m.media_key)
        report.mediaKey = m.media_key;
    if (typeof m.expires_after_secs === 'number')
        report.expiresAt = clock.now() + m.expires_after_secs * 1000;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/media/detect.ts
// A file's media type from its leading bytes (magic numbers), else from its extension: what X is told in
// initialize, and what decides the category and its size limit before any request.


const HEAD_BYTES = 64;
function at(b, offset, ascii) {
    return b.length >= offset + ascii.length && b.toString('latin1', offset, offset + ascii.length) === ascii;
}
/** The type the bytes say, or undefined when they say nothing known. */
function sniff(b) {
    if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
        return 'image/jpeg';
    if (at(b, 0, '\x89PNG\r\n\x1a\n'))
        return 'image/png';
    if (at(b, 0, 'GIF87a') || at(b, 0, 'GIF89a'))
        return 'image/gif';
    if (at(b, 0, 'RIFF') && at(b, 8, 'WEBP'))
        return 'image/webp';
    if (at(b, 0, 'BM'))
        return 'image/bmp';
    if (at(b, 0, 'II*\x00') || at(b, 0, 'MM\x00*'))
        return 'image/tiff';
    if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3)
        return 'video/webm';
    if (at(b, 4, 'ftyp'))
        return at(b, 8, 'qt  ') ? 'video/quicktime' : 'video/mp4';
    if (b.length >= 189 && b[0] === 0x47 && b[188] === 0x47)
        return 'video/mp2t';
    if (at(b, 0, 'WEBVTT') || at(b, 3, 'WEBVTT'))
        return 'text/vtt';
    return undefined;
}
const BY_EXTENSION = {
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.png': 'image/png',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.bmp': 'image/bmp',
    '.tif': 'image/tiff',
    '.tiff': 'image/tiff',
    '.mp4': 'video/mp4',
    '.m4v': 'video/mp4',
    '.mov': 'video/quicktime',
    '.webm': 'video/webm',
    '.ts': 'video/mp2t',
    '.srt': 'text/srt',
    '.vtt': 'text/vtt'
};
async function detectMediaType(file) {
    const fh = await (0,promises_.open)(file, 'r');
    try {
        const buf = Buffer.alloc(HEAD_BYTES * 4);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        return sniff(buf.subarray(0, bytesRead)) ?? BY_EXTENSION[external_node_path_.extname(file).toLowerCase()];
    }
    finally {
        await fh.close();
    }
}

// EXTERNAL MODULE: ./src/media/model.ts
var model = __webpack_require__(4293);
;// CONCATENATED MODULE: ./src/media/inputs.ts
// Every input of media-upload is read, typed and validated here (the file too), before any request is sent.





/** The same defaults as media-upload/action.yml: a direct `node dist/media-upload/index.js` gets none. */
const MEDIA_INPUT_DEFAULTS = {
    'user-token': '',
    'api-key': '',
    'api-key-secret': '',
    'access-token': '',
    'access-token-secret': '',
    'media-file': '',
    'media-type': '',
    'media-category': '',
    'alt-text': '',
    'post-text': '',
    'chunk-size': '4MiB',
    concurrency: '3',
    'processing-timeout-minutes': '10',
    'api-base-url': 'https://api.x.com',
    'max-retries': '10',
    'retry-base-delay-ms': '1000',
    'request-timeout-seconds': '120'
};
const OAUTH1_INPUTS = ['api-key', 'api-key-secret', 'access-token', 'access-token-secret'];
/** Inputs whose values are secrets (masked at once). */
const SECRET_INPUTS = ['user-token', ...OAUTH1_INPUTS];
const KiB = 1024;
async function readMediaInputs(source, workspace) {
    const get = (name) => {
        const v = source(name);
        return v === undefined || v === '' ? MEDIA_INPUT_DEFAULTS[name] : v;
    };
    const auth = parseAuth(get);
    const fileInput = get('media-file');
    if (fileInput === '')
        throw new inputs/* InputError */.dz('media-file', 'media-file is required: give the path of the image, GIF, video or subtitles file, relative to GITHUB_WORKSPACE.');
    const file = external_node_path_.resolve(workspace, fileInput);
    const st = await (0,promises_.stat)(file).catch(() => undefined);
    if (!st)
        throw new inputs/* InputError */.dz('media-file', `media-file ${file} does not exist.`);
    if (!st.isFile())
        throw new inputs/* InputError */.dz('media-file', `media-file ${file} is not a file.`);
    if (st.size === 0)
        throw new inputs/* InputError */.dz('media-file', `media-file ${file} is empty.`);
    const mediaType = await parseMediaType(get('media-type'), file);
    const categoryRaw = get('media-category');
    const category = categoryRaw === ''
        ? (0,model/* defaultCategory */.Sj)(mediaType)
        : (0,inputs/* parseChoice */.HU)('media-category', categoryRaw, model/* MEDIA_CATEGORIES */.iy, " ('' picks it from the type)");
    if (!(0,model/* categoryFits */.pc)(mediaType, category))
        throw new inputs/* InputError */.dz('media-category', `media-category ${category} does not fit the media type ${mediaType}: use ${(0,model/* defaultCategory */.Sj)(mediaType)}${mediaType.startsWith('video/') ? ', amplify_video or dm_video' : ''}, or leave it empty.`);
    const limit = (0,model/* localLimit */.$A)(category);
    if (limit !== undefined && st.size > limit)
        throw new inputs/* InputError */.dz('media-file', `media-file ${file} is ${mib(st.size)}, over X's limit for ${category} (${mib(limit)}).`);
    const altText = source('alt-text') ?? '';
    const kind = (0,model/* categoryKind */.V9)(category);
    if (altText !== '' && kind !== 'image' && kind !== 'gif')
        throw new inputs/* InputError */.dz('alt-text', `alt-text is for images and GIFs only; this file is ${mediaType} (${category}).`);
    if ([...altText].length > model/* ALT_TEXT_MAX */.dJ)
        throw new inputs/* InputError */.dz('alt-text', `alt-text is ${[...altText].length} characters long; X allows at most ${model/* ALT_TEXT_MAX */.dJ}.`);
    const postText = source('post-text') ?? '';
    const chunkInput = parseChunk(get('chunk-size'));
    const needed = Math.ceil(st.size / model/* MAX_SEGMENTS */._Y);
    const chunkSize = Math.max(chunkInput, needed);
    return {
        auth,
        file,
        size: st.size,
        mediaType,
        category,
        altText,
        postText,
        chunkSize,
        chunkRaisedFrom: chunkSize > chunkInput ? chunkInput : undefined,
        concurrency: (0,inputs/* parseInteger */.cG)('concurrency', get('concurrency'), 1, 8),
        processingTimeoutMinutes: (0,inputs/* parseInteger */.cG)('processing-timeout-minutes', get('processing-timeout-minutes'), 1, 1440),
        apiBaseUrl: (0,inputs/* parseApiBaseUrl */.yT)('api-base-url', get('api-base-url'), 'https://api.x.com', 'user token'),
        maxRetries: (0,inputs/* parseInteger */.cG)('max-retries', get('max-retries'), 0, 100),
        retryBaseDelayMs: (0,inputs/* parseInteger */.cG)('retry-base-delay-ms', get('retry-base-delay-ms'), 1, 3_600_000),
        requestTimeoutSeconds: (0,inputs/* parseInteger */.cG)('request-timeout-seconds', get('request-timeout-seconds'), 1, 86_400)
    };
}
function parseAuth(get) {
    const userToken = get('user-token').replace(/^Bearer\s+/i, '');
    const given = OAUTH1_INPUTS.filter(n => get(n) !== '');
    const oauth1 = 'the OAuth 1.0a inputs api-key, api-key-secret, access-token and access-token-secret';
    if (userToken !== '' && given.length > 0)
        throw new inputs/* InputError */.dz('user-token', `user-token and ${given.join(', ')} are both given: use either user-token (OAuth 2.0) or ${oauth1}, not both.`);
    if (userToken === '' && given.length === 0)
        throw new inputs/* InputError */.dz('user-token', `no credentials: give user-token (an OAuth 2.0 user access token with media.write) or ${oauth1}. An app-only bearer token cannot upload media.`);
    if (userToken !== '') {
        if (/\s/.test(userToken) || /[^\x21-\x7e]/.test(userToken))
            throw new inputs/* InputError */.dz('user-token', 'user-token contains spaces, line breaks or non-ASCII characters; it must be the token alone.');
        if (new RegExp(`^A{${model/* APP_ONLY_PREFIX_LENGTH */.hi}}`).test(userToken))
            throw new inputs/* InputError */.dz('user-token', 'user-token is an app-only bearer token (it begins with a run of A characters): X refuses those for media uploads and posts. Give an OAuth 2.0 user access token (authorization code flow with the media.write scope, and tweet.read, tweet.write, users.read to post) or the four OAuth 1.0a user inputs.');
        return { kind: 'oauth2', userToken };
    }
    if (given.length < OAUTH1_INPUTS.length) {
        const missing = OAUTH1_INPUTS.filter(n => !given.includes(n));
        throw new inputs/* InputError */.dz(missing[0], `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: OAuth 1.0a needs all four of api-key, api-key-secret, access-token and access-token-secret (given: ${given.join(', ')}).`);
    }
    const [apiKey, apiKeySecret, accessToken, accessTokenSecret] = OAUTH1_INPUTS.map(n => get(n));
    for (const [n, v] of OAUTH1_INPUTS.map((n, i) => [n, [apiKey, apiKeySecret, accessToken, accessTokenSecret][i]]))
        if (/\s/.test(v) || /[^\x21-\x7e]/.test(v))
            throw new inputs/* InputError */.dz(n, `${n} contains spaces, line breaks or non-ASCII characters; it must be the value alone.`);
    return { kind: 'oauth1', apiKey, apiKeySecret, accessToken, accessTokenSecret };
}
async function parseMediaType(raw, file) {
    if (raw !== '') {
        if ((0,model/* isMediaType */.LA)(raw))
            return raw;
        throw new inputs/* InputError */.dz('media-type', `media-type "${(0,inputs/* excerpt */.Kb)(raw)}" is not one X accepts: use one of ${model/* MEDIA_TYPES */.Z2.join(', ')}, or leave it empty to detect it.`);
    }
    const t = await detectMediaType(file);
    if (!t)
        throw new inputs/* InputError */.dz('media-type', `media-type: ${file} is of an unknown type (neither its leading bytes nor its extension say); set media-type to one of ${model/* MEDIA_TYPES */.Z2.join(', ')}.`);
    return t;
}
function parseChunk(raw) {
    const n = (0,inputs/* parseSizeValue */._x)(raw);
    if (n === undefined || n < KiB || n > model/* MAX_SEGMENT_BYTES */.lN)
        throw new inputs/* InputError */.dz('chunk-size', `chunk-size "${(0,inputs/* excerpt */.Kb)(raw)}" is not allowed: use bytes, KiB or MiB without a space (e.g. 4MiB), from 1KiB to 5MiB.`);
    return n;
}
function mib(n) {
    return `${(n / 1048576).toFixed(1)} MiB`;
}

// EXTERNAL MODULE: ./src/cli/common.ts + 2 modules
var common = __webpack_require__(4597);
// EXTERNAL MODULE: ./src/cli/exit-codes.ts
var exit_codes = __webpack_require__(8551);
;// CONCATENATED MODULE: ./src/cli/media.ts
// `x-compliance media upload`: the media-upload action's flow (the same runMediaUpload) from the command line.
// Credentials come from X_USER_TOKEN, or X_API_KEY, X_API_KEY_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET, or
// --token-file naming a mode-0600 JSON file; never from arguments. A progress bar on a terminal, --json output.










const MEDIA_ENV = {
    'user-token': 'X_USER_TOKEN',
    'api-key': 'X_API_KEY',
    'api-key-secret': 'X_API_KEY_SECRET',
    'access-token': 'X_ACCESS_TOKEN',
    'access-token-secret': 'X_ACCESS_TOKEN_SECRET'
};
const FILE_KEYS = {
    user_token: 'user-token',
    api_key: 'api-key',
    api_key_secret: 'api-key-secret',
    access_token: 'access-token',
    access_token_secret: 'access-token-secret'
};
/** The credentials: the token file's JSON, else the environment; the file must be readable by its owner only. */
async function credentials(opts, ctx) {
    if (opts.tokenFile === undefined) {
        const out = {};
        for (const [name, env] of Object.entries(MEDIA_ENV))
            if (ctx.env[env]?.trim())
                out[name] = ctx.env[env].trim();
        return out;
    }
    const file = external_node_path_.resolve(ctx.cwd, opts.tokenFile);
    const st = await external_node_fs_.promises.stat(file).catch(() => undefined);
    if (!st)
        throw new inputs/* InputError */.dz('token-file', `--token-file ${file} does not exist.`);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
        throw new inputs/* InputError */.dz('token-file', `--token-file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${file}.`);
    let value;
    try {
        value = JSON.parse(await external_node_fs_.promises.readFile(file, 'utf8'));
    }
    catch {
        throw new inputs/* InputError */.dz('token-file', `--token-file ${file} is not JSON: write {"user_token": "..."} or {"api_key","api_key_secret","access_token","access_token_secret"}.`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new inputs/* InputError */.dz('token-file', `--token-file ${file} must hold a JSON object.`);
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        const name = FILE_KEYS[k];
        if (!name)
            throw new inputs/* InputError */.dz('token-file', `--token-file ${file} has the unknown key "${k}": use user_token, or api_key, api_key_secret, access_token and access_token_secret.`);
        if (typeof v !== 'string')
            throw new inputs/* InputError */.dz('token-file', `--token-file ${file}: ${k} must be a string.`);
        out[name] = v.trim();
    }
    return out;
}
const FLAG_OF = {
    'media-file': 'file',
    'media-type': 'mediaType',
    'media-category': 'mediaCategory',
    'alt-text': 'altText',
    'post-text': 'postText',
    'chunk-size': 'chunkSize',
    concurrency: 'concurrency',
    'processing-timeout-minutes': 'processingTimeoutMinutes',
    'api-base-url': 'apiBaseUrl',
    'max-retries': 'maxRetries',
    'retry-base-delay-ms': 'retryBaseDelayMs',
    'request-timeout-seconds': 'requestTimeoutSeconds'
};
/** Input names read as flags, and the credential inputs as the variables that carry them. */
function cliText(message) {
    let out = message;
    for (const [input, env] of Object.entries(MEDIA_ENV))
        out = out.replace(new RegExp(`\\b${input}\\b(?!-)`, 'g'), `${env}`);
    for (const [input, flag] of Object.entries(FLAG_OF))
        out = out.replace(new RegExp(`(^|[\\s(])${input}\\b`, 'g'), `$1--${flag === 'file' ? 'file' : input}`);
    return out;
}
async function mediaUploadCommand(opts, ctx) {
    const ui = (0,common/* createUi */.DY)(ctx, opts);
    const { log, bar } = ui;
    const fail = (err, code, message, report) => {
        ui.close();
        const text = message ?? cliText(err instanceof Error ? err.message : String(err));
        log.error(text);
        if (ui.json)
            ui.result('', { ...(report ? outputsOf(report) : {}), error: log.redact(text), 'exit-code': code });
        return code;
    };
    let inputs;
    try {
        const creds = await credentials(opts, ctx);
        // As the action does: the value, and a user token without its `Bearer ` prefix (the form that is sent).
        for (const v of Object.values(creds))
            if (v)
                for (const m of [v, v.replace(/^Bearer\s+/i, '')])
                    if (m)
                        log.mask(m);
        inputs = await readMediaInputs(name => {
            if (name in MEDIA_ENV)
                return creds[name];
            const key = FLAG_OF[name];
            const v = key ? opts[key] : undefined;
            return typeof v === 'string' ? v : undefined;
        }, ctx.cwd);
    }
    catch (err) {
        return fail(err, (0,exit_codes/* exitCodeFor */.Rr)(err));
    }
    const report = newMediaReport(inputs);
    const signals = (0,common/* cliSignals */.cg)(ui, { stopping: 'stopping' });
    try {
        await (0,common/* withSignals */.MG)(signal => runMediaUpload(inputs, {
            log,
            transport: (0,transport/* createTransport */.oO)({ onProxy: p => log.info(`Using the proxy ${p}`) }),
            clock: clock/* systemClock */.m,
            signal,
            onProgress: (done, total) => bar?.setUpload(done, total, done)
        }, report), signals.options);
    }
    catch (err) {
        const sig = signals.signalled();
        if (sig)
            return fail(err, (0,exit_codes/* exitCodeForSignal */.XG)(sig), `cancelled by ${sig}`, report);
        return fail(err, (0,exit_codes/* exitCodeFor */.Rr)(err), undefined, report);
    }
    const o = outputsOf(report);
    ui.result(Object.entries(o)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k.padEnd(18)} ${String(v)}`)
        .join('\n'), o);
    return exit_codes/* EXIT */.dc.OK;
}
function outputsOf(r) {
    return {
        'media-id': r.mediaId ?? null,
        'media-key': r.mediaKey ?? null,
        'media-expires-at': r.expiresAt === undefined ? null : new Date(r.expiresAt).toISOString(),
        'processing-state': r.processingState ?? null,
        'bytes-uploaded': r.bytesUploaded,
        'post-id': r.postId ?? null,
        'post-url': r.postId ? postUrl(r.postId) : null
    };
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

/***/ 4293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $A: () => (/* binding */ localLimit),
/* harmony export */   Jd: () => (/* binding */ isMediaCategory),
/* harmony export */   LA: () => (/* binding */ isMediaType),
/* harmony export */   Sj: () => (/* binding */ defaultCategory),
/* harmony export */   UA: () => (/* binding */ CATEGORY_LIMITS),
/* harmony export */   V9: () => (/* binding */ categoryKind),
/* harmony export */   Z2: () => (/* binding */ MEDIA_TYPES),
/* harmony export */   _Y: () => (/* binding */ MAX_SEGMENTS),
/* harmony export */   dJ: () => (/* binding */ ALT_TEXT_MAX),
/* harmony export */   hi: () => (/* binding */ APP_ONLY_PREFIX_LENGTH),
/* harmony export */   iy: () => (/* binding */ MEDIA_CATEGORIES),
/* harmony export */   lN: () => (/* binding */ MAX_SEGMENT_BYTES),
/* harmony export */   pc: () => (/* binding */ categoryFits)
/* harmony export */ });
// X API v2 media upload: the types, categories and limits both the media-upload action and the sandbox's
// emulator go by (reference/x-api-anchors.md §3).
const MEDIA_TYPES = [
    'video/mp4',
    'video/webm',
    'video/mp2t',
    'video/quicktime',
    'text/srt',
    'text/vtt',
    'image/jpeg',
    'image/gif',
    'image/bmp',
    'image/png',
    'image/webp',
    'image/pjpeg',
    'image/tiff'
];
const MEDIA_CATEGORIES = [
    'tweet_image',
    'tweet_gif',
    'tweet_video',
    'amplify_video',
    'dm_image',
    'dm_gif',
    'dm_video',
    'subtitles'
];
const MiB = 1024 * 1024;
/**
 * Upload size limits in bytes as X (and the sandbox's emulator) applies them: dm_* as their tweet_* twins,
 * subtitles as images. The action checks them before sending (localLimit), except subtitles.
 */
const CATEGORY_LIMITS = {
    tweet_image: 5 * MiB,
    dm_image: 5 * MiB,
    tweet_gif: 15 * MiB,
    dm_gif: 15 * MiB,
    tweet_video: 512 * MiB,
    dm_video: 512 * MiB,
    amplify_video: 512 * MiB,
    subtitles: 5 * MiB
};
/**
 * The limit media-upload checks before any request: the category's, but none for `subtitles` (the contract gives it
 * none of its own; X's refusal, if any, is quoted).
 */
function localLimit(category) {
    return category === 'subtitles' ? undefined : CATEGORY_LIMITS[category];
}
/** X's app-only bearer tokens begin with at least this many `A`s. */
const APP_ONLY_PREFIX_LENGTH = 20;
/** segment_index runs from 0 to 999. */
const MAX_SEGMENTS = 1000;
/** The largest segment an append may carry (v1.1 APPEND: "must be <= 5 MB"; the action's chunk-size cap). */
const MAX_SEGMENT_BYTES = 5 * MiB;
/** Alt text length limit, in characters. */
const ALT_TEXT_MAX = 1000;
function isMediaType(v) {
    return typeof v === 'string' && MEDIA_TYPES.includes(v);
}
function isMediaCategory(v) {
    return typeof v === 'string' && MEDIA_CATEGORIES.includes(v);
}
function categoryKind(category) {
    if (category === 'subtitles')
        return 'subtitles';
    if (category.endsWith('_gif'))
        return 'gif';
    if (category.endsWith('_video'))
        return 'video';
    return 'image';
}
/** image/gif: *_gif or *_image; other images: *_image; video/*: *_video or amplify_video; text/*: subtitles. */
function categoryFits(type, category) {
    const kind = categoryKind(category);
    if (type === 'image/gif')
        return kind === 'gif' || kind === 'image';
    if (type.startsWith('image/'))
        return kind === 'image';
    if (type.startsWith('video/'))
        return kind === 'video';
    return kind === 'subtitles';
}
function defaultCategory(type) {
    if (type === 'image/gif')
        return 'tweet_gif';
    if (type.startsWith('image/'))
        return 'tweet_image';
    if (type.startsWith('video/'))
        return 'tweet_video';
    return 'subtitles';
}


/***/ })

};
