package org.nsexplorer.helper.json;

/**
 * VALUE written with its null fields and null map values left out (databind's NON_NULL, as
 * the compact snapshot has always been written); null items of a list stay.
 */
public record WithoutNulls(Object value) {
}
