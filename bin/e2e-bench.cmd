@echo off
rem End-to-end figures in one command (Windows twin of bin/e2e-bench): upload and download MiB/s,
rem plain vs encrypted, through the real tools against a local broker, plus key-exchange latency;
rem prints a Markdown table.
rem   bin\e2e-bench [--files 64] [--file-mib 16] [--runs 3] [--partitions 2] [--threads 2] [--kex 5]
setlocal
for %%I in ("%~dp0..") do set "MSI_ROOT=%%~fI"
set "MSI_JAVA=java"
if defined JAVA set "MSI_JAVA=%JAVA%"
pushd "%MSI_ROOT%"
call mvn -B -ntp -q -DskipTests package
set "MSI_RC=%ERRORLEVEL%"
popd
if not "%MSI_RC%"=="0" exit /b %MSI_RC%
"%MSI_JAVA%" -cp "%MSI_ROOT%\bench\target\benchmarks.jar" io.msistream.bench.e2e.EndToEndBench %*
exit /b %ERRORLEVEL%
