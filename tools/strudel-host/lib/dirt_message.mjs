// A hap as SuperDirt's `/dirt/play`, laid out as Strudel's own
// @strudel/osc lays it out (packages/osc/osc.mjs, parseControlsFromHap):
// `cps`, `cycle`, `delta`, then the hap's controls; `n` and `note` as
// numbers, a note name adds `midinote`, `bank` is prefixed to `s`,
// `roomsize` also goes as `size`, `speed` in unit "c" is divided by cps,
// `channels` as JSON. Encoded with osc-js, Strudel's OSC library, in one
// bundle whose timetag is the hap's time; the timetag carries the full NTP
// fraction (osc-js's own setter rounds to whole milliseconds).

import OSC from 'osc-js';
import { isNote, noteToMidi, parseNumeral } from '@strudel/core';

export function dirtControls(hap, cps) {
  hap.ensureObjectValue();
  const cycle = hap.wholeOrPart().begin.valueOf();
  const delta = hap.duration.valueOf();
  const controls = Object.assign({}, { cps, cycle, delta }, hap.value);
  if (controls.n) controls.n = parseNumeral(controls.n);
  if (typeof controls.note !== 'undefined') {
    if (isNote(controls.note)) controls.midinote = noteToMidi(controls.note, controls.octave || 3);
    else controls.note = parseNumeral(controls.note);
  }
  if (controls.bank) controls.s = controls.bank + controls.s;
  if (controls.roomsize) controls.size = parseNumeral(controls.roomsize);
  if (controls.unit === 'c' && controls.speed != null) controls.speed = controls.speed / cps;
  if (controls.channels != undefined) controls.channels = JSON.stringify(controls.channels);
  return controls;
}

/** The `/dirt/play` bundle as bytes, timetag {seconds, fractions} (NTP). */
export function dirtBundle(controls, ntp) {
  const message = new OSC.Message('/dirt/play', ...Object.entries(controls).flat());
  const bundle = new OSC.Bundle([message]);
  bundle.timestamp(0);
  bundle.timetag.value.seconds = ntp.seconds;
  bundle.timetag.value.fractions = ntp.fractions;
  return bundle.pack();
}
