package io.dataflow.web.console;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.DemoTrafficOverview;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.PipelineOverview;
import io.dataflow.admin.ProviderUnavailableException;
import io.dataflow.admin.StageOverview;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The dashboard: the pipeline overview, read once per request (and per ajax refresh), and the demo
 * traffic's Start and Stop.
 */
@Named("dashboard")
@RequestScoped
public class DashboardView {
  @Inject PipelineFacade facade;
  @Inject ConsoleAccess access;
  @Inject FacesContext faces;
  private PipelineOverview pipeline;
  private DemoTrafficOverview demo;

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

  public DemoTrafficOverview getDemo() {
    if (demo == null) {
      demo = facade.demoTraffic();
    }
    return demo;
  }

  /** Why this user cannot start or stop the demo traffic here, or empty when they can. */
  public String getDemoDisabledReason() {
    if (!getDemo().available()) {
      return getDemo().note();
    }
    return access.isAdmin() ? "" : "Starting and stopping the demo traffic needs the admin role.";
  }

  public void startDemo() {
    demoAction(true);
  }

  public void stopDemo() {
    demoAction(false);
  }

  private void demoAction(boolean start) {
    String user = access.adminOrDeny();
    if (user == null) {
      return;
    }
    try {
      AdminActionResult r = start ? facade.startDemoTraffic(user) : facade.stopDemoTraffic(user);
      String done = start ? "Demo traffic started." : "Demo traffic stopped.";
      String already =
          start ? "Demo traffic was already running." : "Demo traffic was not running.";
      Messages.info(faces, r.done() ? done : already);
    } catch (ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
    demo = null;
  }

  private StageOverview stage(String name) {
    return getPipeline().stages().stream()
        .filter(s -> s.stage().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
