export const id = 562;
export const ids = [562];
export const modules = {

/***/ 9562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _H: () => (/* binding */ UPLOAD_START_HEADERS),
/* harmony export */   g4: () => (/* binding */ MAX_ID_DIGITS),
/* harmony export */   pw: () => (/* binding */ ID_PATTERN)
/* harmony export */ });
/* unused harmony exports JOB_TYPES, isJobType */
// What X's batch compliance API fixes, in one place for the action, the CLI, apply and the sandbox.
const JOB_TYPES = (/* unused pure expression or super */ null && (['tweets', 'users']));
function isJobType(s) {
    return s === 'tweets' || s === 'users';
}
/** Post and account IDs have 1 to 19 digits, so every one fits in 64 bits (10^19 - 1 < 2^64). */
const MAX_ID_DIGITS = 19;
const ID_PATTERN = /^[0-9]{1,19}$/;
/**
 * The headers of the resumable start POST to a job's upload_url. They are part of its signature: send exactly
 * these (fetch's default `text/plain;charset=UTF-8` breaks it).
 */
const UPLOAD_START_HEADERS = {
    'content-type': 'text/plain',
    'content-length': '0',
    'x-goog-resumable': 'start'
};


/***/ })

};
