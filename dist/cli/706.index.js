export const id = 706;
export const ids = [706];
export const modules = {

/***/ 3706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   demoMediaCommand: () => (/* binding */ demoMediaCommand)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4597);
/* harmony import */ var _demo_session_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5870);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8551);
/* harmony import */ var _media_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(677);
// `x-compliance demo media`: media-upload's whole flow in-process against the embedded sandbox, with real faults
// on the wire (a reset mid-append, a 503 on an append, a lost answer after an applied append, a 429 on finalize),
// OAuth 1.0a signed with the sandbox's demo credentials; then the media X holds checked against the file.






const SIZE = 3 * 1024 * 1024;
async function demoMediaCommand(opts, ctx) {
    const ui = (0,_common_js__WEBPACK_IMPORTED_MODULE_2__/* .createUi */ .DY)(ctx, { ...opts, bar: false });
    const { log } = ui;
    const { SANDBOX_OAUTH1 } = await Promise.all(/* import() */[__webpack_require__.e(608), __webpack_require__.e(153), __webpack_require__.e(562)]).then(__webpack_require__.bind(__webpack_require__, 8153));
    const video = Buffer.alloc(SIZE);
    for (let i = 0; i < SIZE; i++)
        video[i] = (i * 131) & 0xff;
    Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42', 'latin1')]).copy(video);
    return (0,_demo_session_js__WEBPACK_IMPORTED_MODULE_3__/* .runDemo */ .n)(ui, ctx, opts, {
        dirPrefix: 'x-compliance-demo-media-',
        prepare: dir => node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_1__.join(dir, 'demo.mp4'), video),
        sandbox: {
            media: { processingMs: 2500 },
            faults: [
                { on: 'mediaAppend', nth: 2, do: { reset: { afterBytes: 100 * 1024 } } },
                { on: 'mediaAppend', nth: 4, do: { status: 503 } },
                { on: 'mediaAppend', nth: 6, do: { loseFinalResponse: true } },
                { on: 'mediaFinalize', do: { rateLimit: { resetInSeconds: 1 } } }
            ]
        }
    }, async (sandbox, dir) => {
        log.info(`Sandbox listening on ${sandbox.apiBaseUrl}; a 3 MiB MP4 in ${dir}; OAuth 1.0a with the sandbox's demo credentials`);
        log.info('Injected faults: a reset mid-append 2, a 503 on append 4, a lost answer after append 6 was applied, a 429 on finalize');
        const env = {
            ...ctx.env,
            [_media_js__WEBPACK_IMPORTED_MODULE_5__.MEDIA_ENV['api-key']]: SANDBOX_OAUTH1.apiKey,
            [_media_js__WEBPACK_IMPORTED_MODULE_5__.MEDIA_ENV['api-key-secret']]: SANDBOX_OAUTH1.apiKeySecret,
            [_media_js__WEBPACK_IMPORTED_MODULE_5__.MEDIA_ENV['access-token']]: SANDBOX_OAUTH1.accessToken,
            [_media_js__WEBPACK_IMPORTED_MODULE_5__.MEDIA_ENV['access-token-secret']]: SANDBOX_OAUTH1.accessTokenSecret
        };
        delete env[_media_js__WEBPACK_IMPORTED_MODULE_5__.MEDIA_ENV['user-token']];
        const code = await (0,_media_js__WEBPACK_IMPORTED_MODULE_5__.mediaUploadCommand)({
            file: 'demo.mp4',
            postText: 'A demo video',
            chunkSize: '256KiB',
            apiBaseUrl: sandbox.apiBaseUrl,
            retryBaseDelayMs: '200',
            requestTimeoutSeconds: '5',
            json: opts.json,
            debug: opts.debug
        }, { ...ctx, cwd: dir, env });
        if (code !== _exit_codes_js__WEBPACK_IMPORTED_MODULE_4__/* .EXIT */ .dc.OK)
            return { code };
        const m = sandbox.media().at(-1);
        const same = m !== undefined && sandbox.mediaObject(m.id)?.equals(video) === true;
        const posted = m !== undefined && sandbox.posts().some(p => p.mediaIds.includes(m.id));
        return {
            code,
            check: {
                ok: same && posted,
                lines: [
                    same && posted
                        ? `Verified: X holds the ${SIZE} bytes of the file as media ${m.id} (${m.segments.length} segments), processed and posted.`
                        : 'MISMATCH: the media X holds differs from the file, or it was not posted.',
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


/***/ })

};
