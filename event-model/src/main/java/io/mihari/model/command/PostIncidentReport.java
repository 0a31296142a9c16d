package io.mihari.model.command;

/**
 * The written post-incident report 障害報告書 of an outage of an hour or more, as a person submits it. Mihari
 * adds the timeline it recorded itself.
 *
 * @param timeline 経緯: the course of events as the vendor tells it (optional; Mihari's own timeline is always added)
 * @param cause 原因
 * @param firstResponse 一次対処
 * @param countermeasures 恒久対策: what stops it happening again
 */
public record PostIncidentReport(String timeline, String cause, String firstResponse, String countermeasures) {
}
