import type { CommonV1, IngressV1 } from '@concierge/contracts';
import { InboundErrorCode, InboundException } from './inbound.exception';

export interface VoiceBatch {
  callId: string;
  sequence: number;
  callerPhone: string;
  callerId: string;
  callerName: string;
  locale: string;
  /** Customer speech only, in order. */
  text: string;
  segments: IngressV1.VoiceSegment[];
  affect: CommonV1.AffectHints;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (msg: string) => new InboundException(InboundErrorCode.MalformedPayload, msg);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const CUSTOMER = new Set(['customer', 'caller', 'user']);

/**
 * A transcript batch from a telephony / speech-to-text provider:
 * { callId, sequence, caller: { phone, id, name }, locale, segments: [{ speaker, text, start, end, prosody }] }.
 */
export function parseVoiceBatch(body: unknown): VoiceBatch {
  if (!isObject(body)) throw bad('body must be a JSON object');
  const callId = typeof body.callId === 'string' ? body.callId : '';
  if (!/^[\w:.-]{1,128}$/.test(callId)) throw bad('callId must be 1-128 characters of letters, digits, _ : . -');
  const sequence = body.sequence;
  if (!Number.isSafeInteger(sequence) || (sequence as number) < 0) throw bad('sequence must be a non-negative integer (numbering the batches of a call)');
  if (!Array.isArray(body.segments) || !body.segments.length) throw bad('segments must be a non-empty array');
  if (body.segments.length > 500) throw bad('at most 500 segments per batch');
  const segments: IngressV1.VoiceSegment[] = body.segments.map((s, i) => {
    if (!isObject(s) || typeof s.text !== 'string' || typeof s.speaker !== 'string') throw bad(`segments[${i}] needs speaker and text`);
    const start = num(s.start);
    const end = num(s.end);
    if (end < start) throw bad(`segments[${i}]: end is before start`);
    const p = isObject(s.prosody) ? s.prosody : {};
    return {
      speaker: CUSTOMER.has(s.speaker.toLowerCase()) ? 'customer' : s.speaker.toLowerCase().slice(0, 32),
      text: s.text.slice(0, 4000),
      startSeconds: start,
      endSeconds: end,
      prosody: isObject(s.prosody)
        ? { speechRateWpm: num(p.speechRateWpm), pauseRatio: num(p.pauseRatio), loudnessDb: num(p.loudnessDb), pitchHz: num(p.pitchHz) }
        : undefined,
    };
  });
  const mine = segments.filter((s) => s.speaker === 'customer' && s.text.trim());
  const caller = isObject(body.caller) ? body.caller : {};
  return {
    callId,
    sequence: sequence as number,
    callerPhone: typeof caller.phone === 'string' ? caller.phone.replace(/[^\d+]/g, '') : '',
    callerId: typeof caller.id === 'string' ? caller.id.slice(0, 128) : '',
    callerName: typeof caller.name === 'string' ? caller.name.slice(0, 200) : '',
    locale: typeof body.locale === 'string' ? body.locale.slice(0, 16) : '',
    text: mine.map((s) => s.text.trim()).join(' ').slice(0, 8000),
    segments,
    affect: prosodyToAffect(mine),
  };
}

/** Duration-weighted prosody of the customer's speech; the longest silence between their segments. */
export function prosodyToAffect(segments: IngressV1.VoiceSegment[]): CommonV1.AffectHints {
  const withProsody = segments.filter((s) => s.prosody);
  const weight = (s: IngressV1.VoiceSegment) => Math.max(0.1, s.endSeconds - s.startSeconds);
  const total = withProsody.reduce((n, s) => n + weight(s), 0);
  const avg = (f: (p: IngressV1.Prosody) => number) => {
    const xs = withProsody.filter((s) => f(s.prosody!) !== 0);
    const w = xs.reduce((n, s) => n + weight(s), 0);
    return w ? Math.round((xs.reduce((n, s) => n + f(s.prosody!) * weight(s), 0) / w) * 100) / 100 : 0;
  };
  let longestGap = 0;
  for (let i = 1; i < segments.length; i++) longestGap = Math.max(longestGap, segments[i].startSeconds - segments[i - 1].endSeconds);
  return {
    typingPauseSeconds: Math.round(longestGap * 100) / 100,
    speechRateWpm: total ? avg((p) => p.speechRateWpm) : 0,
    pauseRatio: total ? avg((p) => p.pauseRatio) : 0,
    loudnessDb: total ? avg((p) => p.loudnessDb) : 0,
    pitchHz: total ? avg((p) => p.pitchHz) : 0,
  };
}
