package io.dataflow.web.console;

import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.PipelineOverview;
import io.dataflow.admin.StageOverview;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The dashboard: the pipeline overview, read once per request (and per ajax refresh). */
@Named("dashboard")
@RequestScoped
public class DashboardView {
  @Inject PipelineFacade facade;
  private PipelineOverview pipeline;

  public PipelineOverview getPipeline() {
    if (pipeline == null) {
      pipeline = facade.pipeline();
    }
    return pipeline;
  }

  /** Sum of a counter over the enabled stages is meaningless; the ends of the pipeline are not. */
  public long getIngested() {
    return stage("ingestion").counters().received();
  }

  public long getDeadLettered() {
    return getPipeline().stages().stream().mapToLong(s -> s.counters().deadLettered()).sum();
  }

  public long getInFlight() {
    return getPipeline().stages().stream().mapToLong(s -> s.counters().inFlight()).sum();
  }

  public double getIngestRate() {
    return stage("ingestion").rates().received().lastMinute();
  }

  private StageOverview stage(String name) {
    return getPipeline().stages().stream()
        .filter(s -> s.stage().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
