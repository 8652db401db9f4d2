export const id = 934;
export const ids = [934,562,293];
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
