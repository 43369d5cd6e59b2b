@echo off
rem The tidemark command of the distribution on Windows: the jar and its libraries are in lib\ beside bin\.
rem TIDEMARK_JAVA_OPTS passes options to the JVM.
java %TIDEMARK_JAVA_OPTS% -cp "%~dp0..\lib\*" io.tidemark.cli.Tidemark %*
