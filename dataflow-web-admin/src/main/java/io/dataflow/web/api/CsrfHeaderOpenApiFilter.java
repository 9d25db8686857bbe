package io.dataflow.web.api;

import io.dataflow.web.security.CsrfRule;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents {@link CsrfRule} in the OpenAPI document: every operation that the rule guards (any
 * method but GET, HEAD and OPTIONS) gets a reference to the {@value CsrfRule#HEADER} parameter that
 * {@link AdminApi} declares once as a component. The rule and its documentation cannot drift apart,
 * and no resource method repeats it. Registered by {@code mp.openapi.filter}.
 */
public class CsrfHeaderOpenApiFilter implements OASFilter {
  /** The reference to the component parameter, as it appears in the document. */
  static final String REF = "#/components/parameters/" + CsrfRule.HEADER;

  @Override
  public PathItem filterPathItem(PathItem item) {
    Map<PathItem.HttpMethod, Operation> operations = item.getOperations();
    if (operations == null) {
      return item;
    }
    operations.forEach(
        (method, operation) -> {
          if (!CsrfRule.permits(method.name(), null) && !references(operation)) {
            operation.addParameter(OASFactory.createParameter().ref(REF));
          }
        });
    return item;
  }

  private static boolean references(Operation operation) {
    List<Parameter> parameters = operation.getParameters();
    return parameters != null && parameters.stream().anyMatch(p -> REF.equals(p.getRef()));
  }
}
