/**
 * Called only by code that the Cairn processor generates: stage descriptors and the per-instance
 * entry point. Not an API; it may change in any release.
 */
package dev.cairn.runtime.internal;
