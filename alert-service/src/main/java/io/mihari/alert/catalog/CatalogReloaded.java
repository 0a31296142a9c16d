package io.mihari.alert.catalog;

import io.mihari.model.catalog.Catalog;

/**
 * CDI event: the catalog file changed and its new content is now in force. Fired after the swap, so
 * {@link CatalogHolder#get()} already returns {@code current}; observers compare the two to react (targets or jobs
 * added or removed, thresholds changed).
 *
 * @param previous the catalog in force until now
 * @param current the catalog in force from now on
 */
public record CatalogReloaded(Catalog previous, Catalog current) {
}
