// The closing of a sold stone's other inquiries lives in sales/inquiry-closures.ts, shared with memo sales.
export { RIVAL_LOST_REASON, closeRivalInquiries } from '../sales/inquiry-closures';
