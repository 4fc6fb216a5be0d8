package org.nsexplorer.helper.store;

/**
 * One step of long work, told two ways: TEXT for a terminal ("unpacking libc6"), and for the
 * app, which words it for a class, its PHASE ("unpack"), the ITEM it is at ("libc6", or ""),
 * its NUMBER within the phase (0: not counted) and the phase's TOTAL (0: not known yet).
 */
public record ProgressStep(String text, String phase, String item, int number, int total) {
}
