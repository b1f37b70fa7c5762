@rem Shared by the .cmd launchers in bin\ (Windows twin of bin/_launch): finds a tool's shaded jar.
@rem A launcher sets MSI_MODULE and MSI_PROG, calls this, then runs
@rem   "%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" <main class> %*
@rem itself, so its own arguments never pass through CALL (which would double any ^).
@rem The jar is <repo>\<module>\target\<module>.jar, else <root>\lib\<module>.jar (unpacked
@rem distribution). JAVA (default: java on PATH) and JAVA_OPTS (e.g. -Xmx2g) are honoured; without
@rem JAVA_OPTS the JVM gets the same defaults as bin/_launch (throughput collector, small young
@rem generation). The launchers call SETLOCAL first, so the default does not outlive them.
@rem Exit code 0 with MSI_JAR and MSI_JAVA set, or 2 after one line on stderr if the jar is missing.
@echo off
for %%I in ("%~dp0..") do set "MSI_ROOT=%%~fI"
set "MSI_JAR=%MSI_ROOT%\%MSI_MODULE%\target\%MSI_MODULE%.jar"
if not exist "%MSI_JAR%" if exist "%MSI_ROOT%\lib\%MSI_MODULE%.jar" set "MSI_JAR=%MSI_ROOT%\lib\%MSI_MODULE%.jar"
if exist "%MSI_JAR%" goto found
>&2 echo %MSI_PROG%: error: %MSI_JAR% not found; build it first: cd /d "%MSI_ROOT%" ^&^& mvn -B -ntp -DskipTests package
exit /b 2
:found
if not defined JAVA_OPTS set "JAVA_OPTS=-XX:+UseParallelGC -Xmn64m"
set "MSI_JAVA=java"
if defined JAVA set "MSI_JAVA=%JAVA%"
exit /b 0
