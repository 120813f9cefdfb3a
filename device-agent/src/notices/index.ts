export { createNoticeBoard, type NoticePort } from './notice-board.js';
export { registerNoticeDevRoute } from './dev-route.js';
