// A throwing tick: the rest of the queue waits for the end of the next callback, as in Node.
process.on('uncaughtException', e=>console.log('caught', e.message));
process.on('exit', ()=>console.log('exit'));
process.nextTick(()=>{throw new Error('a')});
process.nextTick(()=>console.log('second tick'));
Promise.resolve().then(()=>console.log('micro'));
Promise.reject(new Error('rej'));
process.on('unhandledRejection', (r)=>console.log('unhandled', r.message));
