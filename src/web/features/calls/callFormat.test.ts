import { describe, expect, it } from 'vitest';
import { mmss, parseDuration } from './callFormat';

describe('call durations', () => {
  it('shows seconds as mm:ss, or h:mm:ss from an hour', () => {
    expect([mmss(0), mmss(5), mmss(195), mmss(3723), mmss(null)]).toEqual(['00:00', '00:05', '03:15', '1:02:03', '—']);
  });
  it('reads m:ss, h:mm:ss and minutes as typed', () => {
    expect([parseDuration('3:15'), parseDuration('03:15'), parseDuration('1:02:03'), parseDuration('5'), parseDuration('2,5'), parseDuration('')]).toEqual([195, 195, 3723, 300, 150, 0]);
    expect([parseDuration('3:75'), parseDuration('ba phút'), parseDuration('1:75:00')]).toEqual([null, null, null]);
  });
});
