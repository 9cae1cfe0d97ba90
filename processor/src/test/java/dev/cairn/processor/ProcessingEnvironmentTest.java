package dev.cairn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.cairn.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** How the processor copes with the environment it runs in: wrappers, options. */
class ProcessingEnvironmentTest {
  private static final JavaFileObject PIPELINE = source("p.Pipeline", """
      package p;
      import dev.cairn.Stage;
      class Pipeline {
        @Stage int load() { return 1; }
      }
      """);

  @Test
  void withoutSyntaxTreesItSaysSoInsteadOfFailing() {
    Compilation compilation = javac()
        .withProcessors(new WrappingProcessor(ProcessingEnvironmentTest::opaqueProxy))
        .withOptions(Compilations.ALL_LINT)
        .compile(PIPELINE);
    assertThat(compilation)
        .hadErrorContaining("Cairn fingerprints stage code from javac's syntax trees "
            + "(com.sun.source.util.Trees), which this compiler does not provide, so it cannot "
            + "generate ResumablePipeline. Compile with javac from JDK 17 or later.")
        .inFile(PIPELINE).onLineContaining("class Pipeline");
  }

  @Test
  void lookThroughWrapperWithADelegateFieldAsGradlesHas() {
    Compilation compilation = javac()
        .withProcessors(new WrappingProcessor(DelegatingEnvironment::new))
        .withOptions(Compilations.ALL_LINT)
        .compile(PIPELINE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.ResumablePipeline");
  }

  @Test
  void traceOptionPrintsTheCanonicalEncodingAsANote() {
    Compilation compilation =
        Compilations.compile(List.of("-A" + CairnProcessor.TRACE_OPTION + "=true"), PIPELINE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .hadNoteContaining("Cairn fingerprint of stage p.Pipeline.load(): ")
        .inFile(PIPELINE).onLineContaining("load()");
    assertThat(compilation).hadNoteContaining("(RETURN (INT_LITERAL 1:1))");
  }

  private static ProcessingEnvironment opaqueProxy(ProcessingEnvironment environment) {
    return (ProcessingEnvironment) Proxy.newProxyInstance(
        ProcessingEnvironmentTest.class.getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class},
        (proxy, method, arguments) -> {
          try {
            return method.invoke(environment, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Runs CairnProcessor with the environment javac gives, wrapped by {@code wrapper}. */
  private static final class WrappingProcessor extends AbstractProcessor {
    private final java.util.function.UnaryOperator<ProcessingEnvironment> wrapper;
    private final CairnProcessor delegate = new CairnProcessor();

    WrappingProcessor(java.util.function.UnaryOperator<ProcessingEnvironment> wrapper) {
      this.wrapper = wrapper;
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
      super.init(environment);
      delegate.init(wrapper.apply(environment));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }

  /** Like Gradle's incremental-processing wrapper: the real environment in a "delegate" field. */
  private static final class DelegatingEnvironment implements ProcessingEnvironment {
    @SuppressWarnings("unused")
    private final ProcessingEnvironment delegate;

    DelegatingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> getOptions() {
      return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
      return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
      return delegate.getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return delegate.getLocale();
    }
  }
}
