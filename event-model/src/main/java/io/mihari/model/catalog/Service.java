package io.mihari.model.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One system group of one city, run by one vendor: the unit availability is measured and reported for.
 *
 * @param id e.g. {@code kurashiki-juki}
 * @param tenant the city's id
 * @param system the system group's id
 * @param vendor the operating vendor's id
 * @param availabilityTarget monthly availability target in percent (default 99.5)
 * @param timeZone where months and service hours are counted (default Asia/Tokyo)
 * @param targets the servers of this service
 * @param jobs the batch jobs its servers are expected to run
 * @param serviceHours when it is planned to be available (default: always)
 * @param contacts who gets its incident mail besides the city's and the vendor's contacts
 * @param minCoverage the data coverage in percent of planned time (e.g. 95) below which a month's figure is not
 *        evidence enough to be called MET: its status is INSUFFICIENT_DATA
 *        ({@link io.mihari.model.availability.AvailabilityCalculator}); null = the built-in default (95)
 * @param measuredFrom the measurement start 計測開始 (the catalog's {@code measuredFrom}): planned time begins here,
 *        since before it nothing is owed (a contract or monitoring that starts mid-month) and so nothing is missing;
 *        null = measured since ever
 * @param files the linkage files 連携ファイル expected on its servers
 */
public record Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
        ZoneId timeZone, List<Target> targets, List<BatchJob> jobs, ServiceHours serviceHours,
        List<Contact> contacts, BigDecimal minCoverage, Instant measuredFrom, List<LinkageFile> files) {

    /** A service without linkage files. */
    public Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
            ZoneId timeZone, List<Target> targets, List<BatchJob> jobs, ServiceHours serviceHours,
            List<Contact> contacts, BigDecimal minCoverage, Instant measuredFrom) {
        this(id, tenant, system, vendor, availabilityTarget, timeZone, targets, jobs, serviceHours, contacts,
                minCoverage, measuredFrom, List.of());
    }

    /** A service measured since ever. */
    public Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
            ZoneId timeZone, List<Target> targets, List<BatchJob> jobs, ServiceHours serviceHours,
            List<Contact> contacts, BigDecimal minCoverage) {
        this(id, tenant, system, vendor, availabilityTarget, timeZone, targets, jobs, serviceHours, contacts,
                minCoverage, null);
    }

    /** A service with the built-in minimum coverage, measured since ever. */
    public Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
            ZoneId timeZone, List<Target> targets, List<BatchJob> jobs, ServiceHours serviceHours,
            List<Contact> contacts) {
        this(id, tenant, system, vendor, availabilityTarget, timeZone, targets, jobs, serviceHours, contacts, null);
    }

    public Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
            ZoneId timeZone, List<Target> targets) {
        this(id, tenant, system, vendor, availabilityTarget, timeZone, targets, List.of(), ServiceHours.ALWAYS,
                List.of());
    }

    public Service {
        targets = List.copyOf(targets);
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        files = files == null ? List.of() : List.copyOf(files);
        serviceHours = serviceHours == null ? ServiceHours.ALWAYS : serviceHours;
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    /**
     * The targets its status and availability are judged on: its production 本番系 targets; for a service made only
     * of test or temporary targets (a whole 検証系 environment), all of them — its status is then shown, but the
     * service is not measured ({@link #measured()}).
     */
    public List<Target> statusTargets() {
        List<Target> production = targets.stream().filter(Target::production).toList();
        return production.isEmpty() ? targets : production;
    }

    /**
     * Whether its availability is measured: it has a production target (or no target at all). A service whose every
     * target is test or temporary plans no time, so owes nothing and is never BREACHED nor AT_RISK.
     */
    public boolean measured() {
        return targets.isEmpty() || targets.stream().anyMatch(Target::production);
    }

    /** The job of this name run on {@code targetId}, if the catalog lists it. */
    public java.util.Optional<BatchJob> job(String targetId, String name) {
        return jobs.stream().filter(j -> j.targetId().equals(targetId) && j.name().equals(name)).findFirst();
    }

    /** The linkage file of this name expected on {@code targetId}, if the catalog lists it. */
    public java.util.Optional<LinkageFile> file(String targetId, String name) {
        return files.stream().filter(f -> f.targetId().equals(targetId) && f.name().equals(name)).findFirst();
    }
}
