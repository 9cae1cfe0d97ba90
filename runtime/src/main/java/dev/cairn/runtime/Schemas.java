package dev.cairn.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shape of the application classes in a checkpoint, recorded when it is written and checked
 * before it is read, so that a class that changed between runs is either read compatibly or
 * recomputed with a warning that says what changed — never read into a wrong object.
 *
 * <p>A class's shape is its kind and its serialized members: for a record its components in
 * order, for an enum its constants in order, for any other class its non-static, non-transient
 * fields (with the declaring superclasses'). Members are written {@code name:type}. The classes
 * recorded are those Kryo wrote the name of, plus the classes of fields reachable from them, JDK
 * classes excepted.
 *
 * <p>Compatible, so the checkpoint is read: a class (not a record) gained fields (they get their
 * default values, as after a no-argument constructor or zero for Objenesis-created objects) or
 * lost fields (their data is skipped); an enum gained constants at its end. Incompatible, so the
 * checkpoint is recomputed: a class no longer exists; a field or component changed type; a record
 * gained, lost or reordered components; an enum lost or reordered constants; a class became a
 * record, an enum or neither.
 */
final class Schemas {
  private Schemas() {}

  /** {@code schema.<class>} metadata entries for the given written classes. */
  static Map<String, String> describe(Collection<Class<?>> written) {
    Map<String, String> out = new TreeMap<>();
    List<Class<?>> queue = new ArrayList<>(written);
    for (int i = 0; i < queue.size(); i++) {
      Class<?> type = element(queue.get(i));
      if (type == null || isJdk(type) || out.containsKey("schema." + type.getName())) {
        continue;
      }
      out.put("schema." + type.getName(), shape(type));
      if (!type.isEnum()) {
        for (Field field : fields(type)) {
          queue.add(field.getType());
        }
      }
    }
    return out;
  }

  /**
   * Checks the recorded shapes against the classes loadable now.
   *
   * @return why the checkpoint cannot be read, or empty if it can
   */
  static Optional<String> incompatibility(Map<String, String> metadata, ClassLoader loader) {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (!entry.getKey().startsWith("schema.")) {
        continue;
      }
      String name = entry.getKey().substring(7);
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.of("class " + name + " no longer exists");
      }
      String now = shape(type);
      if (!now.equals(entry.getValue())) {
        Optional<String> problem = compare(name, entry.getValue(), now);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> compare(String name, String before, String now) {
    String kindBefore = before.substring(0, before.indexOf('|'));
    String kindNow = now.substring(0, now.indexOf('|'));
    if (!kindBefore.equals(kindNow)) {
      return Optional.of(name + " was a " + kindBefore + " and is now a " + kindNow);
    }
    List<String> membersBefore = members(before);
    List<String> membersNow = members(now);
    switch (kindNow) {
      case "record":
        return Optional.of("record " + name + " changed its components from (" + String.join(", ", membersBefore)
            + ") to (" + String.join(", ", membersNow) + ")");
      case "enum":
        if (membersNow.size() >= membersBefore.size()
            && membersNow.subList(0, membersBefore.size()).equals(membersBefore)) {
          return Optional.empty();
        }
        return Optional.of("enum " + name + " changed its constants from " + membersBefore + " to " + membersNow);
      default:
        Map<String, String> typesBefore = byName(membersBefore);
        Map<String, String> typesNow = byName(membersNow);
        for (Map.Entry<String, String> field : typesBefore.entrySet()) {
          String typeNow = typesNow.get(field.getKey());
          if (typeNow != null && !typeNow.equals(field.getValue())) {
            return Optional.of("field " + name + "." + field.getKey() + " changed type from "
                + field.getValue() + " to " + typeNow);
          }
        }
        return Optional.empty();
    }
  }

  private static String shape(Class<?> type) {
    List<String> members = new ArrayList<>();
    String kind;
    if (type.isEnum()) {
      kind = "enum";
      for (Object constant : type.getEnumConstants()) {
        members.add(((Enum<?>) constant).name());
      }
    } else if (type.isRecord()) {
      kind = "record";
      for (RecordComponent c : type.getRecordComponents()) {
        members.add(c.getName() + ":" + c.getGenericType().getTypeName());
      }
    } else {
      kind = "class";
      for (Field f : fields(type)) {
        members.add(f.getName() + ":" + f.getGenericType().getTypeName());
      }
    }
    return kind + "|" + String.join(";", members);
  }

  private static List<String> members(String shape) {
    String list = shape.substring(shape.indexOf('|') + 1);
    return list.isEmpty() ? List.of() : Arrays.asList(list.split(";"));
  }

  private static Map<String, String> byName(List<String> members) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String member : members) {
      int colon = member.indexOf(':');
      out.put(member.substring(0, colon), member.substring(colon + 1));
    }
    return out;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && !isJdk(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static Class<?> element(Class<?> type) {
    Class<?> t = type;
    while (t.isArray()) {
      t = t.getComponentType();
    }
    return t.isPrimitive() ? null : t;
  }

  private static boolean isJdk(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
        || name.startsWith("sun.") || name.startsWith("com.sun.");
  }
}
