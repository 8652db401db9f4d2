export const id = 981;
export const ids = [981];
export const modules = {

/***/ 776:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e$: () => (/* binding */ STATE_DIR),
/* harmony export */   hT: () => (/* binding */ readRunInputs)
/* harmony export */ });
/* unused harmony exports RUN_FLAG_INPUTS, defaultStateFile, camel, flagSource */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3874);
// The `run` flags are the action's inputs in kebab case: they reach readInputs through an InputSource, so the CLI
// validates exactly as the action does (same defaults, same messages, same rules).


/** Every action input that is a `run` flag (the token and the artifact are not). */
const RUN_FLAG_INPUTS = (/* unused pure expression or super */ null && ([
    'type',
    'ids-file',
    'job-name',
    'job-id',
    'api-base-url',
    'wait',
    'poll-interval-seconds',
    'wait-timeout-minutes',
    'download',
    'results-file',
    'chunk-size',
    'max-retries',
    'retry-base-delay-ms',
    'request-timeout-seconds',
    'on-active-job',
    'state-file'
]));
/** Where `run` keeps its state by default: resumable after Ctrl+C without any flag. */
const STATE_DIR = '.x-compliance';
function defaultStateFile(type) {
    return type === 'tweets' || type === 'users' ? node_path__WEBPACK_IMPORTED_MODULE_0__.join(STATE_DIR, `${type}.state.json`) : '';
}
function camel(name) {
    return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}
/** The InputSource of a `run` command line. `artifact-name` is '' (the CLI uploads no artifact). */
function flagSource(flags, token) {
    return name => {
        if (name === 'bearer-token')
            return token;
        if (name === 'artifact-name')
            return '';
        if (name === 'state-file') {
            if (flags.stateFile === false)
                return '';
            return flags.stateFile === undefined ? defaultStateFile(flags.type?.trim()) : flags.stateFile.trim();
        }
        const v = flags[camel(name)];
        if (typeof v === 'boolean')
            return String(v);
        return typeof v === 'string' ? v.trim() : undefined;
    };
}
/** Validated inputs of a `run` command line; relative paths are resolved against `cwd`. */
function readRunInputs(flags, token, cwd) {
    return (0,_compliance_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(flagSource(flags, token), { workspace: cwd });
}


/***/ }),

/***/ 4981:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cliOutputs: () => (/* binding */ cliOutputs),
  executeRun: () => (/* binding */ executeRun),
  humanOutputs: () => (/* binding */ humanOutputs),
  runCommand: () => (/* binding */ runCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/compliance/results.ts
var results = __webpack_require__(8197);
;// CONCATENATED MODULE: ./src/compliance/report.ts
function newReport(type) {
    return { type, faultsRecovered: 0, waitedMs: 0 };
}
/** Upload throughput in MB/s (10^6 bytes per second), or undefined for an instant or empty upload. */
function report_uploadMBps(report) {
    const u = report.upload;
    if (!u || u.bytes === 0 || u.elapsedMs <= 0)
        return undefined;
    return u.bytes / 1e6 / (u.elapsedMs / 1000);
}

// EXTERNAL MODULE: external "fs"
var external_fs_ = __webpack_require__(9896);
// EXTERNAL MODULE: external "os"
var external_os_ = __webpack_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/github/lib/context.js


class context_Context {
    /**
     * Hydrate the context from the environment
     */
    constructor() {
        var _a, _b, _c;
        this.payload = {};
        if (process.env.GITHUB_EVENT_PATH) {
            if (existsSync(process.env.GITHUB_EVENT_PATH)) {
                this.payload = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, { encoding: 'utf8' }));
            }
            else {
                const path = process.env.GITHUB_EVENT_PATH;
                process.stdout.write(`GITHUB_EVENT_PATH ${path} does not exist${EOL}`);
            }
        }
        this.eventName = process.env.GITHUB_EVENT_NAME;
        this.sha = process.env.GITHUB_SHA;
        this.ref = process.env.GITHUB_REF;
        this.workflow = process.env.GITHUB_WORKFLOW;
        this.action = process.env.GITHUB_ACTION;
        this.actor = process.env.GITHUB_ACTOR;
        this.job = process.env.GITHUB_JOB;
        this.runAttempt = parseInt(process.env.GITHUB_RUN_ATTEMPT, 10);
        this.runNumber = parseInt(process.env.GITHUB_RUN_NUMBER, 10);
        this.runId = parseInt(process.env.GITHUB_RUN_ID, 10);
        this.apiUrl = (_a = process.env.GITHUB_API_URL) !== null && _a !== void 0 ? _a : `https://api.github.com`;
        this.serverUrl = (_b = process.env.GITHUB_SERVER_URL) !== null && _b !== void 0 ? _b : `https://github.com`;
        this.graphqlUrl =
            (_c = process.env.GITHUB_GRAPHQL_URL) !== null && _c !== void 0 ? _c : `https://api.github.com/graphql`;
    }
    get issue() {
        const payload = this.payload;
        return Object.assign(Object.assign({}, this.repo), { number: (payload.issue || payload.pull_request || payload).number });
    }
    get repo() {
        if (process.env.GITHUB_REPOSITORY) {
            const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/');
            return { owner, repo };
        }
        if (this.payload.repository) {
            return {
                owner: this.payload.repository.owner.login,
                repo: this.payload.repository.name
            };
        }
        throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
    }
}
//# sourceMappingURL=context.js.map
;// CONCATENATED MODULE: ./src/action/github-context.ts
// The workflow run this step belongs to, from @actions/github's context module alone. The package exports only
// its Octokit entry, which would load Octokit for a handful of environment variables, so the module is imported
// by its path. Outside Actions (the CLI) there is no run: undefined, never a made-up one.

function runContext(env = process.env) {
    if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    const c = new Context();
    const { owner, repo } = c.repo;
    if (!owner || !repo || !Number.isSafeInteger(c.runId) || c.runId <= 0)
        return undefined;
    const server = (c.serverUrl || 'https://github.com').replace(/\/+$/, '');
    return {
        repository: `${owner}/${repo}`,
        run_id: c.runId,
        run_attempt: Number.isSafeInteger(c.runAttempt) ? c.runAttempt : 1,
        sha: c.sha ?? '',
        workflow: c.workflow ?? '',
        url: `${server}/${owner}/${repo}/actions/runs/${c.runId}`
    };
}
/** The artifact's page: {run url}/artifacts/{artifact-id}. */
function github_context_artifactUrl(run, artifactId) {
    return `${run.url}/artifacts/${artifactId}`;
}

;// CONCATENATED MODULE: ./src/compliance/summary.ts
// The job summary (HTML, escaped) and summary.json. Both hold aggregate facts only: never a post or account ID,
// the token or a signed URL.





const SUMMARY_VERSION = 1;
function renderSummary(r) {
    const rows = [
        ['Type', r.type ?? '—'],
        ['Job ID', r.jobId ?? '—'],
        ['Job name', r.jobName ?? '—'],
        ['Status', r.status ?? '—']
    ];
    if (r.idsCount !== undefined)
        rows.push(['IDs in the file', fmt(r.idsCount)]);
    if (r.bytesUploaded !== undefined)
        rows.push(['Bytes uploaded', fmt(r.bytesUploaded)]);
    const rate = uploadMBps(r);
    if (rate !== undefined)
        rows.push(['Upload speed', `${rate.toFixed(1)} MB/s`]);
    rows.push(['Faults recovered', fmt(r.faultsRecovered)]);
    rows.push(['Time waited for the job', duration(r.waitedMs)]);
    if (r.results) {
        rows.push(['IDs needing action', fmt(r.results.count)]);
        rows.push(['Results file', path.basename(r.results.file)]);
    }
    if (r.artifact) {
        const { name, id, skipped } = r.artifact;
        rows.push([
            'Artifact',
            skipped ? `skipped: ${skipped}` : r.run && id !== undefined ? link(artifactUrl(r.run, id), name) : name
        ]);
    }
    if (r.run)
        rows.push(['Workflow run', link(r.run.url, `${r.run.workflow || 'run'} #${r.run.run_id}`)]);
    const parts = [`<h2>X batch compliance${r.error ? ': failed' : ''}</h2>`, table(['', ''], rows, true)];
    if (r.results) {
        parts.push('<h3>By action</h3>', countTable('Action', r.results.counts.byAction));
        parts.push('<h3>By reason</h3>', countTable('Reason', r.results.counts.byReason));
        // The same counts drawn (GitHub renders Mermaid in summaries); the table stays for screen readers.
        const pie = mermaidPie('IDs needing action, by reason', r.results.counts.byReason);
        if (pie)
            parts.push('', pie, '');
    }
    if (r.error) {
        parts.push('<h3>Error</h3>', `<p>${esc(r.error)}</p>`);
        parts.push(`<p>${esc(rerunAdvice(r))}</p>`);
    }
    return `${parts.join('\n')}\n`;
}
function summaryJson(r, version) {
    const rate = report_uploadMBps(r);
    return `${JSON.stringify({
        job: { id: r.jobId ?? null, type: r.type ?? null, name: r.jobName ?? null, status: r.status ?? null },
        ids_count: r.idsCount ?? null,
        bytes_uploaded: r.bytesUploaded ?? null,
        upload: r.upload
            ? {
                bytes: r.upload.bytes,
                seconds: r.upload.elapsedMs / 1000,
                mb_per_s: rate ?? null,
                sessions: r.upload.sessions,
                faults_recovered: r.faultsRecovered
            }
            : null,
        results: r.results
            ? {
                file: external_node_path_.basename(r.results.file),
                count: r.results.count,
                by_action: r.results.counts.byAction,
                by_reason: r.results.counts.byReason
            }
            : null,
        version,
        // provenance: which run produced these results (absent outside Actions)
        run: r.run
            ? {
                repository: r.run.repository,
                run_id: r.run.run_id,
                run_attempt: r.run.run_attempt,
                sha: r.run.sha,
                workflow: r.run.workflow
            }
            : undefined
    }, null, 2)}\n`;
}
function rerunAdvice(r) {
    if (r.uploadExpired) {
        return 'The upload window of this job is over: run again without job-id (and without its state-file) to create a new job.';
    }
    if (r.rerunHint)
        return `To resume: ${r.rerunHint}.`;
    if (r.jobId && r.status === 'created') {
        return `Job ${r.jobId} is still waiting for its upload: rerun with job-id: ${r.jobId} before its upload URL expires, or rerun without job-id to create a new job.`;
    }
    if (r.jobId && (r.status === 'in_progress' || r.status === 'complete')) {
        return `Rerun with job-id: ${r.jobId} to continue with this job.`;
    }
    return 'Fix the cause above and run the workflow again.';
}
function countTable(label, counts) {
    const rows = Object.entries(counts).map(([k, v]) => [k, fmt(v)]);
    return rows.length > 0 ? table([label, 'IDs'], rows, false) : '<p>None.</p>';
}
function table(head, rows, headless) {
    return htmlTable(headless ? undefined : head, rows);
}


// EXTERNAL MODULE: ./src/compliance/workflow.ts + 4 modules
var workflow = __webpack_require__(3371);
// EXTERNAL MODULE: ./src/compliance/poll.ts
var poll = __webpack_require__(2606);
// EXTERNAL MODULE: ./src/net/transport.ts + 3 modules
var transport = __webpack_require__(9955);
// EXTERNAL MODULE: ./src/net/clock.ts
var clock = __webpack_require__(2881);
// EXTERNAL MODULE: ./src/cli/common.ts + 2 modules
var common = __webpack_require__(4597);
// EXTERNAL MODULE: ./src/cli/exit-codes.ts
var exit_codes = __webpack_require__(8551);
// EXTERNAL MODULE: ./src/cli/options.ts
var options = __webpack_require__(776);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/cli/run.ts
// `x-compliance run`: the action's whole flow (the same runCompliance), driven from the command line. A state
// file is on by default, so Ctrl+C keeps the job and the same command continues it.













async function runCommand(opts, ctx) {
    const ui = (0,common/* createUi */.DY)(ctx, opts);
    let tokenSource;
    let inputs;
    try {
        const { token, source } = await (0,common/* resolveToken */.E7)(opts, ctx);
        tokenSource = source;
        (0,common/* maskToken */.gg)(ui.log, token);
        inputs = (0,options/* readRunInputs */.hT)(opts, token, ctx.cwd);
        const warning = await (0,common/* tokenFileWarning */.GC)(opts, ctx);
        if (warning)
            ui.log.warning(warning);
    }
    catch (err) {
        return fail(ui, err, newReport(), (0,exit_codes/* exitCodeFor */.Rr)(err), tokenSource);
    }
    if (inputs.stateFile)
        await protectStateDir(inputs.stateFile, ctx.cwd);
    return (await executeRun(inputs, ctx, ui)).code;
}
/** Runs the flow with the terminal UI, signals and exit codes; prints the outputs (JSON with --json). */
async function executeRun(inputs, ctx, ui, deps = {}) {
    const report = newReport(inputs.type);
    const { bar, log } = ui;
    const signals = (0,common/* cliSignals */.cg)(ui, { stopping: 'stopping' });
    const ticker = bar ? setInterval(() => bar.tick(), 1000) : undefined;
    ticker?.unref();
    try {
        await (0,common/* withSignals */.MG)(async (signal) => {
            await (0,workflow/* runCompliance */.z)(inputs, {
                log,
                transport: deps.transport ?? (0,transport/* createTransport */.oO)({ onProxy: p => log.info(`Using the proxy ${p}`) }),
                clock: clock/* systemClock */.m,
                env: ctx.env,
                signal,
                quietProgress: bar !== undefined,
                onJob: job => {
                    if (!bar)
                        return;
                    if (job.status === 'created' && !report.uploadDone)
                        bar.setStatus(`Job ${job.id}: created`);
                    else
                        bar.setStatus(`Job ${job.id}: ${job.status}`, (0,poll/* isActive */.$m)(job.status));
                },
                onUploadProgress: p => {
                    if (!bar)
                        return;
                    if (p.acknowledged >= p.total)
                        bar.setStatus(`Job ${report.jobId}: uploaded`, true);
                    else
                        bar.setUpload(p.acknowledged, p.total, p.sent);
                }
            }, report);
        }, signals.options);
    }
    catch (err) {
        if (ticker)
            clearInterval(ticker);
        const sig = signals.signalled();
        const code = sig ? (0,exit_codes/* exitCodeForSignal */.XG)(sig) : (0,exit_codes/* exitCodeFor */.Rr)(err);
        return { code: fail(ui, err, report, code, undefined, inputs, sig), report };
    }
    if (ticker)
        clearInterval(ticker);
    ui.result(humanOutputs(report), {
        ...cliOutputs(report),
        summary: JSON.parse(summaryJson(report, version/* VERSION */.x))
    });
    return { code: exit_codes/* EXIT */.dc.OK, report };
}
function fail(ui, err, report, code, tokenSource, inputs, sig) {
    const { log } = ui;
    ui.close();
    const message = sig
        ? `cancelled by ${sig}${report.jobId ? ` (job ${report.jobId})` : ''}`
        : (0,common/* cliMessage */.kP)(err, tokenSource);
    // While the state file exists, the same command continues the same job (upload or wait).
    const resumable = report.jobId && inputs?.stateFile && report.keepJob === 'state-file' && (0,external_node_fs_.existsSync)(inputs.stateFile);
    const hint = resumable
        ? `job ${report.jobId} is kept (state file ${inputs.stateFile}): run the same command again to continue`
        : report.rerunHint && report.status !== 'failed'
            ? (0,common/* toFlags */.PQ)(report.rerunHint)
            : undefined;
    log.error(message);
    if (hint)
        log.info(`To continue: ${hint}.`);
    if (ui.json) {
        ui.result('', { ...cliOutputs(report), error: log.redact(message), 'exit-code': code });
    }
    return code;
}
/** The action's outputs, typed: numbers as numbers, counts as an object, null when empty. */
function cliOutputs(r) {
    return {
        'job-id': r.jobId ?? null,
        status: r.status ?? null,
        'download-url': r.downloadUrl ?? null,
        'download-expires-at': r.downloadExpiresAt ?? null,
        'results-file': r.results?.file ?? null,
        'results-count': r.results?.count ?? null,
        counts: r.results ? JSON.parse((0,results/* countsJson */.jq)(r.results.counts)) : null,
        'ids-count': r.idsCount ?? null,
        'bytes-uploaded': r.bytesUploaded ?? null
    };
}
/** `name  value` lines, as the action's outputs; the signed download URL only with --json. */
function humanOutputs(r) {
    const o = cliOutputs(r);
    const lines = [];
    for (const [k, v] of Object.entries(o)) {
        if (v === null || k === 'download-url')
            continue;
        lines.push(`${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    }
    return lines.join('\n');
}
/** The default state directory holds credentials (the upload URL): keep it out of git. */
async function protectStateDir(stateFile, cwd) {
    const dir = external_node_path_.resolve(cwd, options/* STATE_DIR */.e$);
    if (external_node_path_.dirname(stateFile) !== dir)
        return;
    try {
        await external_node_fs_.promises.mkdir(dir, { recursive: true, mode: 0o700 });
        await external_node_fs_.promises.writeFile(external_node_path_.join(dir, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
    }
    catch {
        // the workflow reports an unwritable state file itself
    }
}


/***/ })

};
