package dev.cairn.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.util.Elements;

/**
 * The base of every generator: one top-level type per file, its originating element set (Gradle
 * isolating mode needs exactly one), {@code @Generated} only when
 * {@code javax.annotation.processing.Generated} exists, and never a date, so builds are
 * reproducible.
 *
 * @param <M> the model a file is generated from
 */
public abstract class SourceFileGenerator<M> {
  private static final String GENERATED = "javax.annotation.processing.Generated";
  private static final String PROCESSOR = "dev.cairn.processor.CairnProcessor";

  private final Filer filer;
  private final boolean generatedAvailable;

  protected SourceFileGenerator(Filer filer, Elements elements) {
    this.filer = filer;
    this.generatedAvailable = elements.getTypeElement(GENERATED) != null;
  }

  /** Writes the file for {@code model}. */
  public final void generate(M model) throws IOException {
    javaFile(model).writeTo(filer);
  }

  /** The file for {@code model}, without writing it. */
  public final JavaFile javaFile(M model) {
    TypeSpec type = write(model);
    return JavaFile.builder(packageName(model), type).skipJavaLangImports(true).build();
  }

  /** A class builder with the originating element and {@code @Generated} already added. */
  protected final TypeSpec.Builder classBuilder(String simpleName, Element originatingElement) {
    TypeSpec.Builder builder = TypeSpec.classBuilder(simpleName)
        .addOriginatingElement(originatingElement);
    if (generatedAvailable) {
      builder.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
          .addMember("value", "$S", PROCESSOR)
          .build());
    }
    return builder;
  }

  protected abstract TypeSpec write(M model);

  protected abstract String packageName(M model);
}
