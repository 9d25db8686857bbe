package io.dataflow.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the typed model could not place. fabric8 reads leniently: a field unknown to the API
 * version, or a value of the wrong type (its {@code UnmatchedFieldTypeModule}), lands in the
 * object's {@code additionalProperties} instead of failing. This walks the whole object and reports
 * every such entry with its path, and every quantity that does not parse, so the test can be
 * strict.
 */
final class StrictModel {
  private StrictModel() {}

  static List<String> problems(Object root) {
    List<String> problems = new ArrayList<>();
    walk(root, "", problems);
    return problems;
  }

  private static void walk(Object node, String path, List<String> problems) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", problems);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", problems));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    if (node instanceof Quantity q) {
      try {
        q.getNumericalAmount();
      } catch (RuntimeException e) {
        problems.add(path + ": not a quantity: " + q);
      }
      return;
    }
    if (node instanceof IntOrString) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String field = decapitalize(getter.getName().substring(3));
      if (field.equals("additionalProperties") && value instanceof Map<?, ?> extra) {
        extra.forEach(
            (k, v) ->
                problems.add(
                    (path.isEmpty() ? "" : path + ".")
                        + k
                        + ": not a field of "
                        + node.getClass().getSimpleName()
                        + " (unknown, or a value of the wrong type: "
                        + v
                        + ")"));
        continue;
      }
      walk(value, (path.isEmpty() ? "" : path + ".") + field, problems);
    }
  }

  private static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
