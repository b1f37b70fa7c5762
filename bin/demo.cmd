@echo off
rem The main job end to end on a local broker (Windows twin of bin/demo): builds what is missing,
rem starts a real Kafka broker, provisions a producer, a consumer and a key keeper, uploads a sample
rem tree encrypted, downloads it, checks every file's hash and stops everything it started.
rem   bin\demo [--dir DIR] [--work DIR] [--files N] [--max-mib M] [--keep]
setlocal
for %%I in ("%~dp0..") do set "MSI_ROOT=%%~fI"
set "MSI_JAVA=java"
if defined JAVA set "MSI_JAVA=%JAVA%"
set "MSI_MISSING="
for %%M in (local-broker provision-tool uploader downloader key-keeper) do if not exist "%MSI_ROOT%\%%M\target\%%M.jar" set "MSI_MISSING=1"
if not exist "%MSI_ROOT%\bench\target\benchmarks.jar" set "MSI_MISSING=1"
if not defined MSI_MISSING goto run
echo [demo] building the tools ^(once^): mvn -B -ntp -q -DskipTests package
pushd "%MSI_ROOT%"
call mvn -B -ntp -q -DskipTests package
set "MSI_RC=%ERRORLEVEL%"
popd
if not "%MSI_RC%"=="0" exit /b %MSI_RC%
:run
"%MSI_JAVA%" -cp "%MSI_ROOT%\bench\target\benchmarks.jar" io.msistream.bench.e2e.Demo %*
exit /b %ERRORLEVEL%
