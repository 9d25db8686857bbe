package io.dataflow.web.console;

import io.dataflow.admin.AdminActionResult;
import io.dataflow.admin.CacheOverview;
import io.dataflow.admin.PipelineFacade;
import io.dataflow.admin.ProviderUnavailableException;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** The Cache page: tiers, and invalidating one device. */
@Named("cacheView")
@ViewScoped
public class CacheView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject PipelineFacade facade;
  @Inject ConsoleAccess access;
  @Inject FacesContext faces;

  private String deviceId;

  public CacheOverview getCache() {
    return facade.cache();
  }

  public String getDeviceId() {
    return deviceId;
  }

  public void setDeviceId(String deviceId) {
    this.deviceId = deviceId == null ? null : deviceId.trim();
  }

  public void invalidate() {
    String user = access.adminOrDeny();
    if (user == null) {
      return;
    }
    if (deviceId == null || deviceId.isEmpty()) {
      Messages.error(faces, "Enter a device id.");
      return;
    }
    try {
      AdminActionResult r = facade.invalidate(deviceId, user);
      Messages.info(
          faces,
          r.done()
              ? "Device " + deviceId + " dropped from the cache."
              : "No cache tier held device " + deviceId + ".");
      deviceId = null;
    } catch (ProviderUnavailableException e) {
      Messages.error(faces, e.getMessage());
    }
  }
}
