export const id = 296;
export const ids = [296];
export const modules = {

/***/ 7296:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LIST_STATUSES: () => (/* binding */ LIST_STATUSES),
/* harmony export */   cancelCommand: () => (/* binding */ cancelCommand),
/* harmony export */   describeJob: () => (/* binding */ describeJob),
/* harmony export */   downloadCommand: () => (/* binding */ downloadCommand),
/* harmony export */   listCommand: () => (/* binding */ listCommand),
/* harmony export */   statusCommand: () => (/* binding */ statusCommand)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3874);
/* harmony import */ var _action_log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8592);
/* harmony import */ var _compliance_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7420);
/* harmony import */ var _compliance_download_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3479);
/* harmony import */ var _compliance_results_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8197);
/* harmony import */ var _compliance_workflow_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3371);
/* harmony import */ var _net_transport_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9955);
/* harmony import */ var _net_clock_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2881);
/* harmony import */ var _common_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4597);
/* harmony import */ var _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8551);
// `status`, `list`, `download` and `cancel`: one request (or one download) each, through the same client, retry
// policy and validation as the action.











/** The statuses X's list endpoint filters on. */
const LIST_STATUSES = ['created', 'in_progress', 'complete', 'failed', 'expired'];
/**
 * Validates the flags with readInputs (the type is a placeholder where the command has none: it is not used),
 * then runs `work` with a client; prints errors and maps them to exit codes.
 */
async function withClient(opts, extra, ctx, work, transport) {
    const ui = (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .createUi */ .DY)(ctx, { ...opts, bar: false });
    let tokenSource;
    const signals = (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .cliSignals */ .cg)(ui, { graceMs: 2000 });
    try {
        const { token, source } = await (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .resolveToken */ .E7)(opts, ctx);
        tokenSource = source;
        (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .maskToken */ .gg)(ui.log, token);
        const given = {
            'bearer-token': token,
            'api-base-url': opts.apiBaseUrl,
            'max-retries': opts.maxRetries,
            'retry-base-delay-ms': opts.retryBaseDelayMs,
            'request-timeout-seconds': opts.requestTimeoutSeconds,
            'results-file': opts.resultsFile,
            'artifact-name': '',
            ...extra
        };
        const inputs = (0,_compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(name => given[name]?.trim(), { workspace: ctx.cwd });
        const warning = await (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .tokenFileWarning */ .GC)(opts, ctx);
        if (warning)
            ui.log.warning(warning);
        const via = transport ?? (0,_net_transport_js__WEBPACK_IMPORTED_MODULE_7__/* .createTransport */ .oO)({ onProxy: p => ui.log.info(`Using the proxy ${p}`) });
        const out = await (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .withSignals */ .MG)(async (signal) => {
            const client = new _compliance_client_js__WEBPACK_IMPORTED_MODULE_3__/* .ComplianceClient */ .tS({
                baseUrl: inputs.apiBaseUrl,
                token: inputs.bearerToken,
                transport: via,
                retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
                stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
                clock: _net_clock_js__WEBPACK_IMPORTED_MODULE_8__/* .systemClock */ .m,
                signal,
                onRetry: (what, e) => ui.log.info(`Retrying ${what} after ${e.reason} (attempt ${e.attempt}, waiting ${e.delayMs} ms)`),
                onRateLimitWait: (what, ms) => ui.log.info(`Rate limit reached: waiting ${Math.ceil(ms / 1000)} s before ${what}`),
                onJob: job => {
                    if (job.upload_url)
                        (0,_action_log_js__WEBPACK_IMPORTED_MODULE_2__/* .maskUrl */ .y)(ui.log, job.upload_url);
                    if (job.download_url)
                        (0,_action_log_js__WEBPACK_IMPORTED_MODULE_2__/* .maskUrl */ .y)(ui.log, job.download_url);
                }
            });
            return work({ ui, inputs, client, signal, transport: via });
        }, signals.options);
        ui.result(out.human, out.json);
        return _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .EXIT */ .dc.OK;
    }
    catch (err) {
        const signalled = signals.signalled();
        const code = signalled ? (0,_exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .exitCodeForSignal */ .XG)(signalled) : (0,_exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .exitCodeFor */ .Rr)(err);
        const message = signalled ? `cancelled by ${signalled}` : (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .cliMessage */ .kP)(err, tokenSource);
        ui.log.error(message);
        if (ui.json)
            ui.result('', { error: ui.log.redact(message), 'exit-code': code });
        return code;
    }
}
function statusCommand(jobId, opts, ctx) {
    return withClient(opts, { type: 'tweets', 'job-id': jobId }, ctx, async ({ inputs, client }) => {
        const job = await client.get(inputs.jobId);
        return { human: describeJob(job), json: (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .publicJob */ .RL)({ ...job }) };
    });
}
function listCommand(opts, ctx) {
    return withClient(opts, { type: opts.type, 'job-id': '', 'ids-file': '-' }, ctx, async ({ inputs, client }) => {
        const status = opts.status?.trim();
        if (status !== undefined && !LIST_STATUSES.includes(status)) {
            throw new _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('status', `--status "${status}" is not allowed: use one of ${LIST_STATUSES.join(', ')}.`);
        }
        const jobs = await client.list(inputs.type, status);
        const human = jobs.length === 0
            ? `No ${inputs.type} jobs${status ? ` with status ${status}` : ''}.`
            : [
                `${'ID'.padEnd(20)} ${'STATUS'.padEnd(12)} ${'CREATED'.padEnd(25)} NAME`,
                ...jobs.map(j => `${j.id.padEnd(20)} ${j.status.padEnd(12)} ${j.created_at.padEnd(25)} ${j.name ?? ''}`)
            ].join('\n');
        return { human, json: jobs.map(j => (0,_common_js__WEBPACK_IMPORTED_MODULE_9__/* .publicJob */ .RL)({ ...j })) };
    });
}
function cancelCommand(jobId, opts, ctx) {
    return withClient(opts, { type: 'tweets', 'job-id': jobId }, ctx, async ({ inputs, client, ui }) => {
        await client.cancel(inputs.jobId);
        ui.log.info(`Cancelled job ${inputs.jobId}`);
        return { human: `Cancelled job ${inputs.jobId}.`, json: { 'job-id': inputs.jobId, cancelled: true } };
    });
}
function downloadCommand(jobId, opts, ctx, transport) {
    return withClient(opts, { type: 'tweets', 'job-id': jobId }, ctx, async ({ inputs, client, ui, signal, transport: via }) => {
        const job = await client.get(inputs.jobId);
        if (job.status === 'failed' || job.status === 'expired')
            throw new _compliance_workflow_js__WEBPACK_IMPORTED_MODULE_6__/* .JobEndedError */ .I(job);
        if (job.status !== 'complete') {
            throw new _exit_codes_js__WEBPACK_IMPORTED_MODULE_10__/* .JobNotDoneError */ .N(`job ${job.id} is ${job.status}: its results are not ready yet. Wait for it with ` +
                `x-compliance run --type ${job.type} --job-id ${job.id}${job.status === 'created' ? ' --ids-file <file>' : ''}.`);
        }
        const dest = inputs.resultsFile || (0,_compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultResultsFile */ .iH)(job.id, ctx.env);
        ui.log.info(`Downloading the results of job ${job.id}`);
        const result = await (0,_compliance_download_js__WEBPACK_IMPORTED_MODULE_4__/* .downloadResults */ .X)({
            url: job.download_url,
            dest,
            transport: via,
            retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
            stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
            clock: _net_clock_js__WEBPACK_IMPORTED_MODULE_8__/* .systemClock */ .m,
            signal,
            onRetry: e => ui.log.info(`Retrying the results download after ${e.reason} (attempt ${e.attempt})`)
        });
        ui.log.info(`Results: ${result.counts.total} ID(s) need action, written to ${result.path}`);
        const json = {
            'job-id': job.id,
            status: job.status,
            'results-file': node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(result.path),
            'results-count': result.counts.total,
            counts: JSON.parse((0,_compliance_results_js__WEBPACK_IMPORTED_MODULE_5__/* .countsJson */ .jq)(result.counts))
        };
        return {
            human: Object.entries(json)
                .map(([k, v]) => `${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                .join('\n'),
            json
        };
    }, transport);
}
function describeJob(job) {
    const rows = [
        ['job-id', job.id],
        ['type', job.type],
        ['name', job.name],
        ['status', job.status],
        ['created-at', job.created_at],
        ['upload-expires-at', job.status === 'created' ? job.upload_expires_at : undefined],
        ['download-expires-at', job.download_expires_at],
        ['error', job.error]
    ];
    return rows
        .filter((r) => r[1] !== undefined && r[1] !== '')
        .map(([k, v]) => `${k.padEnd(20)} ${v}`)
        .join('\n');
}


/***/ })

};
